import type { SlackInstallations } from '../bot/slack/slack-installations.js';
import type { Executor } from './sql-helpers.js';

/** The table as kysely sees it; kept here rather than in schema.ts because only Slack uses it. */
interface SlackInstallationTable {
  team_id: string;
  enterprise_id: string | null;
  organisation_id: string;
  bot_user_id: string | null;
  installation: string;
  installed_at: Date;
  updated_at: Date;
}

/**
 * @example
 * const installations = slackInstallationRepository(database.db);
 * await installations.save({ teamId: 'T0123', enterpriseId: null, organisationId, botUserId: 'U0BOT', sealed, installedAt: now, updatedAt: now });
 */
/** The Slack adapter's installation port over the database. */
export function slackInstallationRepository(executor: Executor): SlackInstallations {
  const db = executor.withTables<{ slack_installations: SlackInstallationTable }>();
  return {
    async save(record) {
      await db
        .insertInto('slack_installations')
        .values({
          team_id: record.teamId,
          enterprise_id: record.enterpriseId,
          organisation_id: record.organisationId,
          bot_user_id: record.botUserId,
          installation: record.sealed,
          installed_at: record.installedAt,
          updated_at: record.updatedAt,
        })
        .onConflict((conflict) =>
          conflict.column('team_id').doUpdateSet((eb) => ({
            enterprise_id: eb.ref('excluded.enterprise_id'),
            bot_user_id: eb.ref('excluded.bot_user_id'),
            installation: eb.ref('excluded.installation'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },

    async find(teamId) {
      const row = await db
        .selectFrom('slack_installations')
        .selectAll()
        .where('team_id', '=', teamId)
        .executeTakeFirst();
      if (row === undefined) return null;
      return {
        teamId: row.team_id,
        enterpriseId: row.enterprise_id,
        organisationId: row.organisation_id,
        botUserId: row.bot_user_id,
        sealed: row.installation,
        installedAt: row.installed_at,
        updatedAt: row.updated_at,
      };
    },

    async remove(teamId) {
      await db.deleteFrom('slack_installations').where('team_id', '=', teamId).execute();
    },
  };
}
