import type { Database } from './schema.js';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { AppError } from '../app-error.js';
import { withCurrentSchemaIntrospection } from './current-schema-introspector.js';
import { migrateToLatest } from './migrate.js';
import { tableFingerprints, type TableFingerprint } from './table-fingerprints.js';

/**
 * Backup and restore of the embedded database (PGlite): its whole data folder as one gzipped tar
 * file, PGlite's own format. PGlite is one process's database, so the caller must hold the data
 * folder's lock (the bot must not be running): a copy taken while it writes would not be
 * consistent. For PostgreSQL use pg_dump and pg_restore (docs/production.md).
 */
export async function backupEmbedded(pgliteDir: string, file: string): Promise<readonly TableFingerprint[]> {
  if (!existsSync(pgliteDir))
    throw new AppError('backup.nothing', `No embedded database in ${pgliteDir}: nothing to back up.`);
  const pglite = await PGlite.create(pgliteDir);
  const db = new Kysely<Database>({ dialect: withCurrentSchemaIntrospection(new PGliteDialect(pglite)) });
  try {
    const tables = await tableFingerprints(db);
    const dump = await pglite.dumpDataDir('gzip');
    // Written beside the target and renamed: a half-written file never carries the backup's name.
    const partial = `${file}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return tables;
  } finally {
    await db.destroy();
  }
}

export interface RestoreResult {
  readonly tables: readonly TableFingerprint[];
  /** Where the database that was there before now is (kept, never deleted), or null. */
  readonly previous: string | null;
  /** Migrations run after loading (a backup from an older version). */
  readonly migrated: readonly string[];
}

/**
 * Replaces the embedded database with a backup. The database that was there is moved aside (its
 * path is returned) rather than deleted, and put back if the backup cannot be loaded.
 */
export async function restoreEmbedded(file: string, pgliteDir: string): Promise<RestoreResult> {
  const bytes = readFileSync(file);
  // A gzip stream starts with 1f 8b; anything else is not a backup made by `vijfvragen backup`.
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new AppError(
      'backup.invalid',
      `${file} is not a backup made by "vijfvragen backup" (not a gzipped data folder).`,
    );
  let previous: string | null = null;
  if (existsSync(pgliteDir) && readdirSync(pgliteDir).length > 0) {
    previous = `${pgliteDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(pgliteDir, previous);
  }
  try {
    const pglite = await PGlite.create(pgliteDir, { loadDataDir: new Blob([bytes]) });
    const db = new Kysely<Database>({ dialect: withCurrentSchemaIntrospection(new PGliteDialect(pglite)) });
    try {
      const migrated = await migrateToLatest(db);
      return { tables: await tableFingerprints(db), previous, migrated };
    } finally {
      await db.destroy();
    }
  } catch (error) {
    rmSync(pgliteDir, { recursive: true, force: true });
    if (previous !== null) renameSync(previous, pgliteDir);
    throw new AppError(
      'backup.restore_failed',
      `Restore from ${file} failed; the database is as it was: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
