import type { Locale, Organisation, Platform } from '../dialogues/model.js';
import type { OrganisationRepository, WorkspaceRepository } from '../dialogues/ports.js';
import type { OrganisationRow } from './schema.js';
import { definedOnly, type Executor } from './sql-helpers.js';

export function organisationRepository(db: Executor): OrganisationRepository {
  return {
    async create(organisation) {
      await db
        .insertInto('organisations')
        .values({
          id: organisation.id,
          name: organisation.name,
          locale: organisation.locale,
          time_zone: organisation.timeZone,
          retention_days: organisation.retentionDays,
          created_at: organisation.createdAt,
        })
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : toOrganisation(row);
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return rows.map(toOrganisation);
    },

    async list() {
      const rows = await db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toOrganisation);
    },

    async update(id, patch) {
      const set = definedOnly({
        name: patch.name,
        locale: patch.locale,
        time_zone: patch.timeZone,
        retention_days: patch.retentionDays,
      });
      if (Object.keys(set).length === 0) return;
      await db.updateTable('organisations').set(set).where('id', '=', id).execute();
    },
  };
}

export function workspaceRepository(db: Executor): WorkspaceRepository {
  async function findOrganisation(platform: Platform, workspaceId: string): Promise<string | null> {
    const row = await db
      .selectFrom('workspaces')
      .select('organisation_id')
      .where('platform', '=', platform)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row?.organisation_id ?? null;
  }

  return {
    findOrganisation,

    async link(platform, workspaceId, organisationId) {
      await db
        .insertInto('workspaces')
        .values({ platform, workspace_id: workspaceId, organisation_id: organisationId })
        .onConflict((conflict) => conflict.columns(['platform', 'workspace_id']).doNothing())
        .execute();
      // Linking is idempotent, but a workspace silently moving to another organisation would
      // hand one tenant's channel to another: that is a bug in the caller, not an outcome.
      const linked = await findOrganisation(platform, workspaceId);
      if (linked !== organisationId) {
        throw new Error(`store: ${platform} workspace ${workspaceId} is linked to another organisation`);
      }
    },
  };
}

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    locale: row.locale as Locale,
    timeZone: row.time_zone,
    retentionDays: row.retention_days,
    createdAt: row.created_at,
  };
}
