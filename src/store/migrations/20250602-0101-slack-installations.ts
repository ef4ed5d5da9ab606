/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import type { Kysely } from 'kysely';

// Slack OAuth installations, one per workspace. The whole installation (tokens included) is kept
// as one AES-256-GCM ciphertext: nothing secret is readable from a database dump or a backup.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('slack_installations')
    // A workspace (team) id; enterprise-wide installs are not supported, so the team id is the key.
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('bot_user_id', 'text')
    .addColumn('installation', 'text', (c) => c.notNull())
    .addColumn('installed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('slack_installations_organisation_idx')
    .on('slack_installations')
    .column('organisation_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('slack_installations').execute();
}
