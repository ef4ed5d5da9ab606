import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, loadConfigOrExit } from './context.js';

const PG_DUMP_ADVICE =
  'DATABASE_URL is set: this is PostgreSQL. Back it up with pg_dump and pg_restore (docs/production.md, "Backups").';

/**
 * Backups of the embedded database and the way from it to PostgreSQL. Each takes the data
 * folder's lock, so each refuses, with the reason, while the bot itself has the database open.
 * The database modules (src/embedded-database.ts) are loaded inside the actions: `vijfvragen --help` needs none of them.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('back up the embedded database (DATA_DIR) to one file; stop the bot first')
    .argument('<file>', 'backup file to write, e.g. vijfvragen-2026-12-05.tar.gz')
    .option('--force', 'overwrite the file if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = await loadConfigOrExit();
      if (config.databaseUrl) fail(PG_DUMP_ADVICE);
      if (existsSync(file) && !opts.force) fail(`${file} exists; choose another name or add --force.`);
      const [{ lockDataDir }, { backupDataDir }] = await Promise.all([
        import('../app.js'),
        import('../embedded-database.js'),
      ]);
      const unlock = lockOrFail(lockDataDir, config.dataDir);
      try {
        const tables = await backupDataDir(config.dataDir, file);
        console.log(`Backed up ${resolve(config.dataDir)} to ${file}:`);
        printTables(tables);
      } finally {
        unlock();
      }
    });

  program
    .command('restore')
    .description('replace the embedded database (DATA_DIR) with a backup; the old one is kept aside')
    .argument('<file>', 'a file made by `vijfvragen backup`')
    .action(async (file: string) => {
      const config = await loadConfigOrExit();
      if (config.databaseUrl) fail(PG_DUMP_ADVICE);
      if (!existsSync(file)) fail(`No file ${file}.`);
      const [{ lockDataDir }, { restoreDataDir }] = await Promise.all([
        import('../app.js'),
        import('../embedded-database.js'),
      ]);
      const unlock = lockOrFail(lockDataDir, config.dataDir);
      try {
        const restored = await restoreDataDir(file, config.dataDir);
        console.log(`Restored ${file} into ${resolve(config.dataDir)}.`);
        if (restored.previous)
          console.log(`The database that was there is kept in ${restored.previous} (delete it when all is well).`);
        if (restored.migrated.length > 0) console.log(`Brought up to date: ${restored.migrated.join(', ')}.`);
        printTables(restored.tables);
      } catch (error) {
        fail((error as Error).message);
      } finally {
        unlock();
      }
    });

  program
    .command('copy-to-postgres')
    .description('copy the embedded database (DATA_DIR) into an EMPTY PostgreSQL database, to move up to PostgreSQL')
    .requiredOption('--to <database-url>', 'postgres://user@host/database of an empty database')
    .action(async (opts: { to: string }) => {
      const config = await loadConfigOrExit();
      if (!/^postgres(ql)?:\/\//.test(opts.to)) fail('--to must be a postgres:// or postgresql:// URL.');
      if (!existsSync(resolve(config.dataDir, 'pglite')))
        fail(`No embedded database in ${resolve(config.dataDir)} (DATA_DIR).`);
      const [{ lockDataDir }, { copyDataDirTo }] = await Promise.all([
        import('../app.js'),
        import('../embedded-database.js'),
      ]);
      const unlock = lockOrFail(lockDataDir, config.dataDir);
      try {
        const outcome = await copyDataDirTo(config.dataDir, opts.to);
        if (!outcome.ok && outcome.code === 'copy.target_not_empty')
          fail(
            `The target database is not empty (it has ${outcome.tables.join(', ')}); nothing was copied. Create an empty one: createdb -O vijfvragen vijfvragen`,
          );
        if (!outcome.ok)
          fail(
            `The copy does not match the original in ${outcome.tables.join(', ')}; the target may be incomplete: drop it and try again.`,
          );
        console.log(
          `Copied ${resolve(config.dataDir)} into PostgreSQL; every table's row count and content hash match:`,
        );
        printTables(outcome.tables);
        console.log('Now set DATABASE_URL to that database and start the bot.');
      } catch (error) {
        fail((error as Error).message);
      } finally {
        unlock();
      }
    });
}

function lockOrFail(lock: (dir: string) => () => void, dataDir: string): () => void {
  try {
    return lock(resolve(dataDir));
  } catch (error) {
    fail(
      `${(error as Error).message}\nStop the bot first (systemctl stop vijfvragen, or Ctrl-C), then run this again.`,
    );
  }
}

function printTables(tables: readonly { table: string; rows: number; hash: string }[]): void {
  for (const t of tables) console.log(`  ${t.table.padEnd(28)} ${String(t.rows).padStart(8)} rows  md5 ${t.hash}`);
}
