/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import type { Kysely } from 'kysely';

// A channel subscription may cut the subscriber's digest to one school (`digest kanaal school
// <naam>` in chat). Null keeps the old meaning: the person's whole scope. A school that goes
// takes its subscriptions with it rather than widening them to the whole organisation.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('digest_subscriptions')
    .addColumn('school_id', 'text', (c) => c.references('schools.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('digest_subscriptions').dropColumn('school_id').execute();
}
