import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import type { DialogueDeps } from './dialogues/deps.js';
import { newId } from './dialogues/ids.js';
import { outcomeSource } from './dialogues/outcomes/round-figures.js';
import { systemClock, type Clock, type Store } from './dialogues/ports.js';
import { createLogger, type AppLogger } from './logger.js';
import { StartupError } from './startup-error.js';
import { openDatabase, type DatabaseHandle } from './store/database.js';
import { migrateToLatest, pendingMigrations } from './store/migrate.js';
import { sql } from 'kysely';
import { createSqlStore } from './store/sql-store.js';
import { createWakeSignal, type WakeSignal } from './wake-signal.js';
import { createReportPorts } from './store/report-ports.js';
import { slackInstallationRepository } from './store/slack-installation-repository.js';
import { teamsConversationRepository } from './store/teams-conversation-repository.js';
import type { SlackInstallations } from './bot/slack/slack-installations.js';
import type { TeamsConversations } from './bot/teams/teams-conversations.js';
import type { ReportReadRepository, ReportRepository } from './dialogues/report/report-reads.js';
import { guardTokenSecret, rekeyTokenSecret, type RekeyReport } from './token-secret.js';
import { guardEncryptionKey } from './encryption-key-guard.js';
import { cronCheck } from './scheduler/occurrences.js';
import { createStoreCache } from './dialogues/cached-store.js';
import { createAppServices, type AppServices } from './app-services.js';

/** The opened database, store and use-case dependencies: what the server and every CLI command share. */
export interface App {
  readonly config: Config;
  readonly log: AppLogger;
  readonly database: DatabaseHandle;
  readonly store: Store;
  /** Built once and frozen: every module and command gets these same dependencies. */
  readonly deps: DialogueDeps;
  /** What `deps.onEnqueued` fires; the running bot connects its delivery worker's nudge here. */
  readonly enqueued: Pick<WakeSignal, 'connect' | 'disconnect'>;
  /** The school-year report's own read and curation ports (not part of the Store). */
  readonly reportPorts: { reads: ReportReadRepository; reports: ReportRepository };
  /** The storage ports the chat adapters declare (Slack installations, Teams conversations). */
  /** The digest, report and guest-link services, built once on the frozen deps. */
  readonly services: AppServices;
  /** Brings the schema up to date; the migrations it ran (`vijfvragen migrate`). */
  migrate(): Promise<string[]>;
  /** Re-keys stored answers from the previous TOKEN_SECRET to the next (`vijfvragen token-secret rekey`). */
  rekeyTokenSecret(input: { previous: string; next: string; now: Date }): Promise<RekeyReport>;
  /** The migrations the code has and the database lacks; throws when the database is unreachable. */
  pendingMigrations(): Promise<string[]>;
  readonly platformStores: { slackInstallations: SlackInstallations; teamsConversations: TeamsConversations };
  close(): Promise<void>;
}

export interface OpenAppOptions {
  clock?: Clock;
  log?: AppLogger;
  /** Run migrations on open (the server does; `vijfvragen migrate` does it explicitly). */
  migrate?: boolean;
  /**
   * Refuse to open when TOKEN_SECRET differs from the one the database was first used with
   * (default: whenever migrating). Off only for `migrate` and `token-secret rekey`.
   */
  guardTokenSecret?: boolean;
  /** Work in this PostgreSQL/PGlite schema (tests). */
  schema?: string;
  /** Told about new replies (the server's metrics count them). */
  onRepliesRecorded?: DialogueDeps['onRepliesRecorded'];
}

export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel, undefined, { personalData: config.logPersonalData });
  const embedded = !config.databaseUrl && config.dataDir !== 'memory://';
  const unlock = embedded ? lockDataDir(resolve(config.dataDir)) : () => {};
  const database = await openDatabase({
    databaseUrl: config.databaseUrl ?? undefined,
    dataDir: config.databaseUrl ? undefined : config.dataDir === 'memory://' ? 'memory://' : pgliteDir(config.dataDir),
    schema: options.schema,
    onConnectionError: (error) =>
      log.warn({ err: error.message }, 'database connection lost; reconnecting on next use'),
  });
  try {
    if (options.migrate ?? true) {
      const ran = await migrateToLatest(database.db, { schema: database.schema });
      if (ran.length > 0) log.info({ migrations: ran, database: database.kind }, 'database migrated');
    }
    if (options.guardTokenSecret ?? options.migrate ?? true) {
      const guarded = await guardTokenSecret(database.db, config.tokenSecret, (options.clock ?? systemClock).now());
      if (guarded === 'taken-over')
        log.info({}, 'TOKEN_SECRET recorded; it replaces the built-in trial secret, which had keyed nothing yet');
      await guardEncryptionKey(database.db, config.encryptionKey, (options.clock ?? systemClock).now());
    }
  } catch (error) {
    await database.close();
    unlock();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  // One cache for every platform and the CLI; another process's writes are seen within its bound.
  const cache = createStoreCache(createSqlStore(database.db), { clock });
  const store = cache.store;
  const enqueued = createWakeSignal();
  const deps: DialogueDeps = Object.freeze({
    store,
    memberships: cache.members,
    clock,
    newId,
    tokenSecret: config.tokenSecret,
    cron: cronCheck,
    log,
    outcomes: outcomeSource(),
    minGroupSize: config.minGroupSize,
    onEnqueued: enqueued.fire,
    ...(options.onRepliesRecorded ? { onRepliesRecorded: options.onRepliesRecorded } : {}),
  });
  const reportPorts = createReportPorts(database.db);
  return {
    config,
    log,
    database,
    store,
    deps,
    enqueued,
    reportPorts,
    services: createAppServices(deps, config, reportPorts),
    platformStores: {
      slackInstallations: slackInstallationRepository(database.db),
      teamsConversations: teamsConversationRepository(database.db),
    },
    migrate: () => migrateToLatest(database.db, { schema: database.schema }),
    rekeyTokenSecret: (input) => rekeyTokenSecret(database.db, input),
    pendingMigrations: async () => {
      await sql`select 1`.execute(database.db);
      return pendingMigrations(database.db, { schema: database.schema });
    },
    close: async () => {
      await database.close();
      unlock();
    },
  };
}

/** Where the embedded (PGlite) database lives inside DATA_DIR. */
export function pgliteDir(dataDir: string): string {
  return resolve(dataDir, 'pglite');
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file with the owner's pid turns that into a clear error (a stale lock is taken over).
 */
export function lockDataDir(dataDir: string): () => void {
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
        throw new StartupError(
          `The embedded database in ${dataDir} is in use by process ${owner}. Stop that process first, or set DATABASE_URL to use PostgreSQL, which many processes can share.`,
        );
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
