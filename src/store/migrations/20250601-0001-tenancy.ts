/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Organisations, the workspaces that map to them, and the school → team → channel hierarchy.
// Migrations take Kysely<any> and import no application code: they must keep working unchanged
// when the application's types move on.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('nl', 'en')`))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.check(sql`retention_days > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // One Slack workspace or Teams tenant belongs to exactly one organisation.
  await db.schema
    .createTable('workspaces')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('workspaces_pkey', ['platform', 'workspace_id'])
    .execute();

  await db.schema
    .createTable('schools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schools_organisation_idx').on('schools').column('organisation_id').execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  // findByName matches case-insensitively within one organisation.
  await sql`create index teams_organisation_name_idx on teams (organisation_id, lower(name))`.execute(db);

  await db.schema
    .createTable('channel_bindings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // A channel is bound to one team at a time; inbound events find their binding by it.
    .addUniqueConstraint('channel_bindings_channel_key', ['platform', 'workspace_id', 'channel_id'])
    .execute();
  await db.schema
    .createIndex('channel_bindings_team_idx')
    .on('channel_bindings')
    .columns(['organisation_id', 'team_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_bindings').execute();
  await db.schema.dropTable('teams').execute();
  await db.schema.dropTable('schools').execute();
  await db.schema.dropTable('workspaces').execute();
  await db.schema.dropTable('organisations').execute();
}
