/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import type { Kysely } from 'kysely';

// How many views an outside reviewer added through one invitation: the cap on them is one
// conditional UPDATE of this counter, so parallel posts cannot slip past it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('guest_invitations')
    .addColumn('views_added', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('guest_invitations').dropColumn('views_added').execute();
}
