/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Schedules are planned with pickers (weekday, time, every n weeks, window length) instead of a
// typed cron expression. The expression stays the engine's weekly moment; `every_weeks` and
// `first_week` say which weeks run, `window_hours` overrides the template's response window.
// Existing schedules run every week, as before.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('schedules')
    .addColumn('every_weeks', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`every_weeks between 1 and 52`),
    )
    .addColumn('first_week', 'text')
    .addColumn('window_hours', 'integer', (c) => c.check(sql`window_hours between 1 and 672`))
    .execute();
  await sql`update schedules set first_week = to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`.execute(db);
  await db.schema
    .alterTable('schedules')
    .alterColumn('first_week', (c) => c.setNotNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('schedules')
    .dropColumn('every_weeks')
    .dropColumn('first_week')
    .dropColumn('window_hours')
    .execute();
}
