import { backupEmbedded, restoreEmbedded, type RestoreResult } from './store/embedded-backup.js';
import { copyDatabase, type CopyOutcome } from './store/copy-database.js';
import { openDatabase } from './store/database.js';
import type { TableFingerprint } from './store/table-fingerprints.js';
import { pgliteDir } from './app.js';

// What the CLI does to the embedded database as a whole (backup, restore, the move to
// PostgreSQL), offered here so src/cli reaches src/store only through the composition root.
// The caller holds DATA_DIR's lock (`lockDataDir`) around each of these.

/** Writes the embedded database in DATA_DIR to one file; the tables' row counts and hashes. */
export function backupDataDir(dataDir: string, file: string): Promise<readonly TableFingerprint[]> {
  return backupEmbedded(pgliteDir(dataDir), file);
}

/** Replaces the embedded database in DATA_DIR with a backup (the old one is kept aside). */
export function restoreDataDir(file: string, dataDir: string): Promise<RestoreResult> {
  return restoreEmbedded(file, pgliteDir(dataDir));
}

/** Copies the embedded database in DATA_DIR into an empty PostgreSQL database, verified per table. */
export async function copyDataDirTo(dataDir: string, databaseUrl: string): Promise<CopyOutcome> {
  const source = await openDatabase({ dataDir: pgliteDir(dataDir) });
  try {
    const target = await openDatabase({ databaseUrl, maxConnections: 2 });
    try {
      return await copyDatabase(source.db, target.db);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
