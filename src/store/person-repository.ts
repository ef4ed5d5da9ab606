import type { Identity, Locale, Person, Platform, Role, RoleGrant, Scope } from '../dialogues/model.js';
import type { PersonRepository } from '../dialogues/ports.js';
import type { PersonRow, Database } from './schema.js';
import type { Selectable } from 'kysely';
import { definedOnly, type Executor } from './sql-helpers.js';

export function personRepository(db: Executor): PersonRepository {
  return {
    async create(person) {
      await db
        .insertInto('people')
        .values({
          id: person.id,
          organisation_id: person.organisationId,
          display_name: person.displayName,
          locale: person.locale,
          email: person.email,
          created_at: person.createdAt,
        })
        .execute();
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('people')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toPerson(row);
    },

    async list(organisationId) {
      const rows = await db
        .selectFrom('people')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toPerson);
    },

    async update(organisationId, id, patch) {
      const set = definedOnly({ display_name: patch.displayName, locale: patch.locale, email: patch.email });
      if (Object.keys(set).length === 0) return;
      await db
        .updateTable('people')
        .set(set)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },

    async findByIdentity(platform, workspaceId, userId) {
      const row = await db
        .selectFrom('identities')
        .innerJoin('people', 'people.id', 'identities.person_id')
        .selectAll('people')
        .where('identities.platform', '=', platform)
        .where('identities.workspace_id', '=', workspaceId)
        .where('identities.user_id', '=', userId)
        .executeTakeFirst();
      return row === undefined ? null : toPerson(row);
    },

    async addIdentity(identity) {
      await db
        .insertInto('identities')
        .values({
          platform: identity.platform,
          workspace_id: identity.workspaceId,
          user_id: identity.userId,
          person_id: identity.personId,
          organisation_id: identity.organisationId,
        })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    },

    async identities(organisationId, personId) {
      const rows = await db
        .selectFrom('identities')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('person_id', '=', personId)
        .orderBy('platform')
        .orderBy('workspace_id')
        .orderBy('user_id')
        .execute();
      return rows.map(toIdentity);
    },

    async grantRole(grant) {
      await db
        .insertInto('role_grants')
        .values({
          person_id: grant.personId,
          organisation_id: grant.organisationId,
          role: grant.role,
          ...scopeColumns(grant.scope),
        })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    },

    async revokeRole(grant) {
      const { scope_kind, scope_id } = scopeColumns(grant.scope);
      await db
        .deleteFrom('role_grants')
        .where('organisation_id', '=', grant.organisationId)
        .where('person_id', '=', grant.personId)
        .where('role', '=', grant.role)
        .where('scope_kind', '=', scope_kind)
        .where('scope_id', '=', scope_id)
        .execute();
    },

    async roles(organisationId, personId) {
      const rows = await db
        .selectFrom('role_grants')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('person_id', '=', personId)
        .orderBy('role')
        .orderBy('scope_kind')
        .orderBy('scope_id')
        .execute();
      return rows.map(toGrant);
    },

    async listByRole(organisationId, role) {
      const rows = await db
        .selectFrom('role_grants')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('role', '=', role)
        .orderBy('person_id')
        .orderBy('scope_kind')
        .orderBy('scope_id')
        .execute();
      return rows.map(toGrant);
    },
  };
}

/** Organisation scope is stored as scope_id '' (see the role_grants migration). */
function scopeColumns(scope: Scope): { scope_kind: Scope['kind']; scope_id: string } {
  switch (scope.kind) {
    case 'organisation':
      return { scope_kind: 'organisation', scope_id: '' };
    case 'school':
      return { scope_kind: 'school', scope_id: scope.schoolId };
    case 'team':
      return { scope_kind: 'team', scope_id: scope.teamId };
  }
}

function toScope(kind: string, id: string): Scope {
  if (kind === 'school') return { kind: 'school', schoolId: id };
  if (kind === 'team') return { kind: 'team', teamId: id };
  return { kind: 'organisation' };
}

export function toGrant(row: Selectable<Database['role_grants']>): RoleGrant {
  return {
    personId: row.person_id,
    organisationId: row.organisation_id,
    role: row.role as Role,
    scope: toScope(row.scope_kind, row.scope_id),
  };
}

function toIdentity(row: Selectable<Database['identities']>): Identity {
  return {
    personId: row.person_id,
    organisationId: row.organisation_id,
    platform: row.platform as Platform,
    workspaceId: row.workspace_id,
    userId: row.user_id,
  };
}

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    displayName: row.display_name,
    locale: row.locale as Locale,
    email: row.email,
    createdAt: row.created_at,
  };
}
