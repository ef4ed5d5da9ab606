/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Who reads a round's answers (the team, or leaders only) and whether the team sees them while
// the round is open. Templates and rounds hold the setting; a schedule may override it (null keeps
// the template's). Existing rows keep today's behaviour: shared with the team when the round closes.

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['templates', 'rounds']) {
    await db.schema
      .alterTable(table)
      .addColumn('audience', 'text', (c) =>
        c
          .notNull()
          .defaultTo('team')
          .check(sql`audience in ('team', 'leaders')`),
      )
      .addColumn('share_while_open', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  }
  await db.schema
    .alterTable('schedules')
    .addColumn('visibility', 'text', (c) => c.check(sql`visibility in ('named', 'anonymous', 'leaders')`))
    .addColumn('share_while_open', 'boolean')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('schedules').dropColumn('visibility').dropColumn('share_while_open').execute();
  for (const table of ['templates', 'rounds']) {
    await db.schema.alterTable(table).dropColumn('audience').dropColumn('share_while_open').execute();
  }
}
