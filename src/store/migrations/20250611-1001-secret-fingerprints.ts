/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import type { Kysely } from 'kysely';

// Anonymous author tokens, guest links and sign-in links are HMACs under TOKEN_SECRET, which is
// never stored. A process started with another secret used to run without complaint and simply
// not find anyone's anonymous answers (an export missed them, an erasure left them behind). The
// first process to use a database records a one-way fingerprint of its secret here; every later
// process compares its own and refuses to start on a mismatch.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('secret_fingerprints')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('secret_fingerprints').execute();
}
