import { authorize } from './access.js';
import type { DialogueDeps } from './deps.js';
import type { Locale, Person, Platform, Role, Scope } from './model.js';
import { fail, ok, type ErrorCode, type Result } from './result.js';

export interface IdentityRef {
  organisationId: string;
  platform: Platform;
  workspaceId: string;
  userId: string;
  displayName: string;
  locale?: Locale;
}

/** The person behind a platform account, created on first contact. */
export async function resolvePerson(deps: DialogueDeps, ref: IdentityRef): Promise<Person> {
  const known = await deps.store.people.findByIdentity(ref.platform, ref.workspaceId, ref.userId);
  if (known && known.organisationId === ref.organisationId) return known;
  const organisation = await deps.store.organisations.get(ref.organisationId);
  const person: Person = {
    id: deps.newId(),
    organisationId: ref.organisationId,
    displayName: ref.displayName.trim() || ref.userId,
    locale: ref.locale ?? organisation?.locale ?? 'nl',
    email: null,
    createdAt: deps.clock.now(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.people.create(person);
    await tx.people.addIdentity({
      personId: person.id,
      organisationId: ref.organisationId,
      platform: ref.platform,
      workspaceId: ref.workspaceId,
      userId: ref.userId,
    });
  });
  // Two first messages at once may both create; the identity's unique key keeps one, so re-read.
  return (await deps.store.people.findByIdentity(ref.platform, ref.workspaceId, ref.userId)) ?? person;
}

/** Someone who speaks in a team's bound channel is a member of that team: the channel is the gate. */
export async function ensureTeamMember(
  deps: DialogueDeps,
  organisationId: string,
  personId: string,
  teamId: string,
): Promise<void> {
  await deps.store.people.grantRole({ organisationId, personId, role: 'member', scope: { kind: 'team', teamId } });
}

export interface GrantRoleInput {
  organisationId: string;
  /** null when granted from the command line by the operator. */
  actorPersonId: string | null;
  personId: string;
  role: Role;
  scope: Scope;
}

/** Grants a role. From chat only coordinators of the organisation may; the CLI is the operator's. */
export async function grantRole(deps: DialogueDeps, input: GrantRoleInput): Promise<Result<void>> {
  const { store } = deps;
  const person = await store.people.get(input.organisationId, input.personId);
  if (!person) return fail('person.not_found');
  if (input.actorPersonId) {
    const allowed = await authorize(store, input.organisationId, input.actorPersonId, 'configure', {
      kind: 'organisation',
    });
    if (!allowed.ok) return allowed;
  }
  if (input.scope.kind === 'school' && !(await store.schools.get(input.organisationId, input.scope.schoolId)))
    return fail('school.not_found', { school: input.scope.schoolId });
  if (input.scope.kind === 'team' && !(await store.teams.get(input.organisationId, input.scope.teamId)))
    return fail('team.not_found', { team: input.scope.teamId });
  await store.transaction(async (tx) => {
    await tx.people.grantRole({
      organisationId: input.organisationId,
      personId: input.personId,
      role: input.role,
      scope: input.scope,
    });
    await tx.audit.record({
      organisationId: input.organisationId,
      actorPersonId: input.actorPersonId,
      action: 'role.granted',
      subject: `person:${input.personId}`,
      details: { role: input.role, scope: input.scope },
      at: deps.clock.now(),
    });
  });
  return ok(undefined);
}

/** Why a revocation did not happen, besides the shared codes: nothing to revoke, or the last coordinator. */
export type RevokeRoleCode = ErrorCode | 'role.not_held' | 'role.last_coordinator';

/**
 * Revokes one grant, as given (a school grant is not taken away by revoking the organisation
 * one). Only coordinators of the organisation may, and the organisation's last coordinator
 * stays: without one nobody could grant roles from chat again.
 */
export async function revokeRole(deps: DialogueDeps, input: GrantRoleInput): Promise<Result<void, RevokeRoleCode>> {
  const { store } = deps;
  const { organisationId } = input;
  if (!(await store.people.get(organisationId, input.personId))) return fail('person.not_found');
  if (input.actorPersonId) {
    const allowed = await authorize(store, organisationId, input.actorPersonId, 'configure', { kind: 'organisation' });
    if (!allowed.ok) return allowed;
  }
  const held = (await store.people.roles(organisationId, input.personId)).find(
    (g) => g.role === input.role && sameScope(g.scope, input.scope),
  );
  if (!held) return fail('role.not_held');
  if (input.role === 'coordinator' && input.scope.kind === 'organisation') {
    const coordinators = (await store.people.listByRole(organisationId, 'coordinator')).filter(
      (g) => g.scope.kind === 'organisation',
    );
    if (coordinators.every((g) => g.personId === input.personId)) return fail('role.last_coordinator');
  }
  await store.transaction(async (tx) => {
    await tx.people.revokeRole(held);
    await tx.audit.record({
      organisationId,
      actorPersonId: input.actorPersonId,
      action: 'role.revoked',
      subject: `person:${input.personId}`,
      details: { role: input.role, scope: input.scope },
      at: deps.clock.now(),
    });
  });
  return ok(undefined);
}

export function sameScope(a: Scope, b: Scope): boolean {
  if (a.kind === 'organisation' || b.kind === 'organisation') return a.kind === b.kind;
  if (a.kind === 'school') return b.kind === 'school' && a.schoolId === b.schoolId;
  return b.kind === 'team' && a.teamId === b.teamId;
}
