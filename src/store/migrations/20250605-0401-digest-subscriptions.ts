/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Weekly digest subscriptions (per leader, by direct message or in a leadership channel) and the
// organisation's own minimum group size.

export async function up(db: Kysely<any>): Promise<void> {
  // `target` ('dm' or the binding id) makes the natural key one non-null column: NULLs would
  // never collide in a unique index. The foreign keys remove a subscription with its person or channel.
  await db.schema
    .createTable('digest_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('binding_id', 'text', (c) => c.references('channel_bindings.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sql`weekday between 1 and 7`))
    .addColumn('hour', 'integer', (c) => c.notNull().check(sql`hour between 0 and 23`))
    .addColumn('minute', 'integer', (c) => c.notNull().check(sql`minute between 0 and 59`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('digest_subscriptions_target', ['organisation_id', 'person_id', 'target'])
    .execute();

  await db.schema
    .createTable('digest_settings')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('min_group_size', 'integer', (c) => c.check(sql`min_group_size between 1 and 50`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digest_settings').execute();
  await db.schema.dropTable('digest_subscriptions').execute();
}
