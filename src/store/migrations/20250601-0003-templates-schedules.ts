/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Templates, schedules, and the record of which scheduled occurrences ran.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('aspect', 'text', (c) => c.notNull().check(sql`aspect in ('leiderschap', 'hrm', 'kwaliteitszorg')`))
    .addColumn('questions', 'jsonb', (c) => c.notNull())
    .addColumn('metric_keys', 'jsonb', (c) => c.notNull())
    .addColumn('response_window_hours', 'integer', (c) => c.notNull().check(sql`response_window_hours > 0`))
    .addColumn('remind_after_hours', 'integer')
    .addColumn('anonymous', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('templates_organisation_idx').on('templates').column('organisation_id').execute();

  await db.schema
    .createTable('schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id').onDelete('cascade'))
    .addColumn('team_ids', 'jsonb', (c) => c.notNull())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('blackouts', 'jsonb', (c) => c.notNull())
    .addColumn('paused', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedules_organisation_idx').on('schedules').column('organisation_id').execute();

  // The primary key is the once-only gate: however many processes tick, one INSERT wins.
  await db.schema
    .createTable('schedule_runs')
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('occurrence_at', 'timestamptz', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('opened', 'skipped_blackout', 'skipped_stale', 'skipped_paused')`),
    )
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_runs_pkey', ['schedule_id', 'occurrence_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('schedule_runs').execute();
  await db.schema.dropTable('schedules').execute();
  await db.schema.dropTable('templates').execute();
}
