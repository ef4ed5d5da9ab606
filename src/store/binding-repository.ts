import type { ChannelBinding, Platform } from '../dialogues/model.js';
import type { BindingRepository } from '../dialogues/ports.js';
import type { ChannelBindingRow } from './schema.js';
import { scopedIds, toJson, type Executor } from './sql-helpers.js';

export function bindingRepository(db: Executor): BindingRepository {
  return {
    async upsert(binding) {
      // Rebinding a channel moves it to the new team but keeps its id, so deliveries and posts
      // that name the binding stay valid. The WHERE keeps another organisation's row untouched.
      const row = await db
        .insertInto('channel_bindings')
        .values({
          id: binding.id,
          organisation_id: binding.organisationId,
          team_id: binding.teamId,
          platform: binding.platform,
          workspace_id: binding.workspaceId,
          channel_id: binding.channelId,
          name: binding.name,
          address: toJson(binding.address),
          created_at: binding.createdAt,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['platform', 'workspace_id', 'channel_id'])
            .doUpdateSet((eb) => ({
              team_id: eb.ref('excluded.team_id'),
              name: eb.ref('excluded.name'),
              address: eb.ref('excluded.address'),
            }))
            .where('channel_bindings.organisation_id', '=', binding.organisationId),
        )
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) {
        throw new Error(
          `store: channel ${binding.platform}/${binding.workspaceId}/${binding.channelId} is bound in another organisation`,
        );
      }
      return toBinding(row);
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('channel_bindings')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toBinding(row);
    },

    async getMany(keys) {
      const scope = scopedIds(keys);
      if (scope.ids.length === 0) return [];
      const rows = await db.selectFrom('channel_bindings').selectAll().where('id', 'in', scope.ids).execute();
      return rows.filter((row) => scope.holds(row.organisation_id, row.id)).map(toBinding);
    },

    async list(organisationId) {
      const rows = await db
        .selectFrom('channel_bindings')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toBinding);
    },

    async listByTeam(organisationId, teamId) {
      const rows = await db
        .selectFrom('channel_bindings')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('team_id', '=', teamId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toBinding);
    },

    async findByChannel(platform, workspaceId, channelId) {
      const row = await db
        .selectFrom('channel_bindings')
        .selectAll()
        .where('platform', '=', platform)
        .where('workspace_id', '=', workspaceId)
        .where('channel_id', '=', channelId)
        .executeTakeFirst();
      return row === undefined ? null : toBinding(row);
    },

    async remove(organisationId, id) {
      await db
        .deleteFrom('channel_bindings')
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },
  };
}

function toBinding(row: ChannelBindingRow): ChannelBinding {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    teamId: row.team_id,
    platform: row.platform as Platform,
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    name: row.name,
    address: row.address,
    createdAt: row.created_at,
  };
}
