/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// One open round per team, unless a coordinator confirmed a second one. The application checks it
// before opening, but two replicas (or a double click reaching two processes) can both pass that
// check; this partial unique index lets only one of their inserts through. A round opened while
// another was open (a confirmed second, or a planned round overlapping an ad-hoc one) carries
// `second_confirmed` and is outside the index. Existing extra open rounds are marked as such, so
// the index can be built on any database.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rounds')
    .addColumn('second_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`
    update rounds set second_confirmed = true
    where status = 'open'
      and exists (
        select 1 from rounds earlier
        where earlier.team_id = rounds.team_id
          and earlier.status = 'open'
          and (earlier.opened_at, earlier.id) < (rounds.opened_at, rounds.id)
      )`.execute(db);
  await sql`
    create unique index rounds_one_open_per_team on rounds (organisation_id, team_id)
    where status = 'open' and not second_confirmed`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index rounds_one_open_per_team`.execute(db);
  await db.schema.alterTable('rounds').dropColumn('second_confirmed').execute();
}
