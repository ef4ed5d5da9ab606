import type { RoleGrant } from '../../src/dialogues/model.js';
import type { PersonRepository } from '../../src/dialogues/ports.js';
import { byCreated, copy, defined, key, scoped, scopedRows, text } from './memory-helpers.js';
import type { MemoryState } from './memory-store.js';

/** People, their platform identities and their role grants over the memory store's tables, with the SQL store's semantics. */
export function memoryPeople(s: () => MemoryState): PersonRepository {
  return {
    ...scopedRows(() => s().people, byCreated),
    async update(organisationId, id, patch) {
      const row = s().people.get(id);
      if (row?.organisationId === organisationId) Object.assign(row, defined(patch));
    },
    async findByIdentity(platform, workspaceId, userId) {
      const identity = s().identities.get(key(platform, workspaceId, userId));
      return copy(identity === undefined ? null : (s().people.get(identity.personId) ?? null));
    },
    async addIdentity(identity) {
      const k = key(identity.platform, identity.workspaceId, identity.userId);
      if (!s().identities.has(k)) s().identities.set(k, copy(identity));
    },
    async identities(organisationId, personId) {
      const rows = scoped(s().identities, organisationId).filter((row) => row.personId === personId);
      return copy(
        rows.sort(
          (a, b) => text(a.platform, b.platform) || text(a.workspaceId, b.workspaceId) || text(a.userId, b.userId),
        ),
      );
    },
    async grantRole(grant) {
      if (!s().grants.has(scopeKey(grant))) s().grants.set(scopeKey(grant), copy(grant));
    },
    async revokeRole(grant) {
      const existing = s().grants.get(scopeKey(grant));
      if (existing?.organisationId === grant.organisationId) s().grants.delete(scopeKey(grant));
    },
    async roles(organisationId, personId) {
      return copy(sortGrants(scoped(s().grants, organisationId).filter((grant) => grant.personId === personId)));
    },
    async listByRole(organisationId, role) {
      return copy(sortGrants(scoped(s().grants, organisationId).filter((grant) => grant.role === role)));
    },
  };
}

const scopeKey = (grant: RoleGrant): string =>
  key(
    grant.personId,
    grant.role,
    grant.scope.kind,
    grant.scope.kind === 'school' ? grant.scope.schoolId : grant.scope.kind === 'team' ? grant.scope.teamId : '',
  );

function sortGrants(grants: RoleGrant[]): RoleGrant[] {
  const id = (g: RoleGrant) =>
    g.scope.kind === 'school' ? g.scope.schoolId : g.scope.kind === 'team' ? g.scope.teamId : '';
  return grants.sort(
    (a, b) =>
      text(a.personId, b.personId) || text(a.role, b.role) || text(a.scope.kind, b.scope.kind) || text(id(a), id(b)),
  );
}
