import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import type { DialogueDeps } from './dialogues/deps.js';
import { newId } from './dialogues/ids.js';
import { outcomeSource } from './dialogues/outcomes/round-figures.js';
import { systemClock, type Clock, type Store } from './dialogues/ports.js';
import { createLogger, type AppLogger } from './logger.js';
import { openDatabase, type DatabaseHandle } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { createSqlStore } from './store/sql-store.js';

/** The opened database, store and use-case dependencies: what the server and every CLI command share. */
export interface App {
  readonly config: Config;
  readonly log: AppLogger;
  readonly database: DatabaseHandle;
  readonly store: Store;
  readonly deps: DialogueDeps;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  clock?: Clock;
  log?: AppLogger;
  /** Run migrations on open (the server does; `vijfvragen migrate` does it explicitly). */
  migrate?: boolean;
  /** Work in this PostgreSQL/PGlite schema (tests). */
  schema?: string;
}

export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const embedded = !config.databaseUrl && config.dataDir !== 'memory://';
  const unlock = embedded ? lockDataDir(resolve(config.dataDir)) : () => {};
  const database = await openDatabase({
    databaseUrl: config.databaseUrl ?? undefined,
    dataDir: config.databaseUrl ? undefined : config.dataDir === 'memory://' ? 'memory://' : resolve(config.dataDir, 'pglite'),
    schema: options.schema,
    onConnectionError: (error) => log.warn({ err: error.message }, 'database connection lost; reconnecting on next use'),
  });
  try {
    if (options.migrate ?? true) {
      const ran = await migrateToLatest(database.db, { schema: database.schema });
      if (ran.length > 0) log.info({ migrations: ran, database: database.kind }, 'database migrated');
    }
  } catch (error) {
    await database.close();
    unlock();
    throw error;
  }
  const store = createSqlStore(database.db);
  const deps: DialogueDeps = {
    store,
    clock: options.clock ?? systemClock,
    newId,
    tokenSecret: config.tokenSecret,
    log,
    outcomes: outcomeSource(),
  };
  return { config, log, database, store, deps, close: async () => { await database.close(); unlock(); } };
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file with the owner's pid turns that into a clear error (a stale lock is taken over).
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = resolve(dataDir, 'vijfvragen.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lock, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(`The embedded database in ${dataDir} is in use by process ${owner}. Stop that process first, or set DATABASE_URL to use PostgreSQL, which many processes can share.`);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`Could not lock ${lock}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
