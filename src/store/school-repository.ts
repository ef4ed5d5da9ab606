import type { School, Team } from '../dialogues/model.js';
import type { SchoolRepository, TeamRepository } from '../dialogues/ports.js';
import { sql } from 'kysely';
import type { Executor } from './sql-helpers.js';

// Names sort by code point (COLLATE "C"), the same order on every server and in the in-memory
// store; the database's own collation differs between PGlite and a PostgreSQL install.

export function schoolRepository(db: Executor): SchoolRepository {
  const select = () => db.selectFrom('schools').select(['id', 'organisation_id as organisationId', 'name']);
  return {
    async create(school: School) {
      await db
        .insertInto('schools')
        .values({ id: school.id, organisation_id: school.organisationId, name: school.name })
        .execute();
    },

    async get(organisationId, id) {
      const school = await select()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return school ?? null;
    },

    async list(organisationId) {
      return select()
        .where('organisation_id', '=', organisationId)
        .orderBy(sql`name collate "C"`)
        .orderBy('id')
        .execute();
    },

    async rename(organisationId, id, name) {
      await db
        .updateTable('schools')
        .set({ name })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },
  };
}

export function teamRepository(db: Executor): TeamRepository {
  const select = () =>
    db.selectFrom('teams').select(['id', 'organisation_id as organisationId', 'school_id as schoolId', 'name']);
  return {
    async create(team: Team) {
      await db
        .insertInto('teams')
        .values({ id: team.id, organisation_id: team.organisationId, school_id: team.schoolId, name: team.name })
        .execute();
    },

    async get(organisationId, id) {
      const team = await select().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
      return team ?? null;
    },

    async list(organisationId) {
      return select()
        .where('organisation_id', '=', organisationId)
        .orderBy(sql`name collate "C"`)
        .orderBy('id')
        .execute();
    },

    async findByName(organisationId, name) {
      return select()
        .where('organisation_id', '=', organisationId)
        .where(sql<string>`lower(name)`, '=', sql<string>`lower(${name})`)
        .orderBy(sql`name collate "C"`)
        .orderBy('id')
        .execute();
    },
  };
}
