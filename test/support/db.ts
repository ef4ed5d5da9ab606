import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { Store } from '../../src/dialogues/ports.js';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/schema.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { createMemoryStore } from './memory-store.js';

/**
 * The stores every integration suite runs over, kysely-style:
 *
 * @example
 * forEachStore('rounds', (t) => {
 *   it('opens a scheduled occurrence once', async () => {
 *     expect(await t.store.rounds.create(round)).toBe(true);
 *   });
 * });
 *
 * - memory: the in-memory store unit tests use, held to the same contract;
 * - pglite: embedded PGlite in memory, migrated; one instance per test file (startup is ~1 s);
 * - postgres: the machine's PostgreSQL (TEST_DATABASE_URL, default below), each test file in a
 *   fresh schema `t_<random>` that is dropped afterwards.
 *
 * Every test starts from empty tables. When PostgreSQL cannot be reached, its half of the suite
 * fails under CI=true and is skipped, loudly, elsewhere.
 */
export interface StoreHarness {
  /** The store under test. */
  readonly store: Store;
  /** Another store on the same database, as a second process holds it (PostgreSQL: its own pool). */
  readonly peer: Store;
  /** The kysely handle behind `store`; null for the memory store. */
  readonly db: Kysely<Database> | null;
}

export type StoreName = 'memory' | 'pglite' | 'postgres';

interface OpenStore extends StoreHarness {
  reset(): Promise<void>;
}

export interface StoreKind {
  readonly name: StoreName;
  /** Why this half cannot run here; undefined when it can. */
  readonly unavailable: string | undefined;
  /** Opens (or reuses, within one test file) the backing database. */
  open(): Promise<OpenStore>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const onCi = process.env.CI === 'true';

/** Every table, for emptying them between tests. */
const TABLES: readonly (keyof Database)[] = [
  'organisations',
  'workspaces',
  'schools',
  'teams',
  'channel_bindings',
  'people',
  'identities',
  'role_grants',
  'templates',
  'schedules',
  'schedule_runs',
  'rounds',
  'replies',
  'actions',
  'deliveries',
  'audit_log',
  'inbound_events',
];

const postgresProblem = await probePostgres(TEST_DATABASE_URL);
if (postgresProblem !== undefined && !onCi) {
  const line = '='.repeat(78);
  console.warn(
    `\n${line}\n  PostgreSQL NOT REACHABLE — postgres half of the suite SKIPPED\n  ${TEST_DATABASE_URL}: ${postgresProblem}\n  Start PostgreSQL or set TEST_DATABASE_URL; under CI=true this fails the run.\n${line}\n`,
  );
}

/** What this file has opened, shared by every describe in it and closed after the last. */
const shared = new Map<StoreName, Promise<OpenStore>>();
const closers: (() => Promise<void>)[] = [];
let closeRegistered = false;

export const STORES: readonly StoreKind[] = [
  { name: 'memory', unavailable: undefined, open: async () => openMemory() },
  { name: 'pglite', unavailable: undefined, open: () => once('pglite', openPglite) },
  { name: 'postgres', unavailable: postgresProblem, open: () => once('postgres', openPostgres) },
];

/** Runs `body` once per store, as `<title> [<store>]`, with empty tables before every test. */
export function forEachStore(
  title: string,
  body: (t: StoreHarness) => void,
  stores: readonly StoreKind[] = STORES,
): void {
  registerClose();
  for (const kind of stores) {
    const skip = kind.unavailable !== undefined && !onCi;
    (skip ? describe.skip : describe)(`${title} [${kind.name}]`, () => {
      let current: OpenStore | undefined;
      const need = (): OpenStore => {
        if (current === undefined) throw new Error(`test store ${kind.name} is not open`);
        return current;
      };
      beforeAll(async () => {
        if (kind.unavailable !== undefined) {
          throw new Error(
            `PostgreSQL NOT REACHABLE at ${TEST_DATABASE_URL} (${kind.unavailable}); CI=true requires it`,
          );
        }
        current = await kind.open();
      });
      beforeEach(async () => {
        await need().reset();
      });
      body({
        get store() {
          return need().store;
        },
        get peer() {
          return need().peer;
        },
        get db() {
          return need().db;
        },
      });
    });
  }
}

function registerClose(): void {
  if (closeRegistered) return;
  closeRegistered = true;
  // Called from the test file's top level, so this hook belongs to the file, after all describes.
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    shared.clear();
  });
}

function once(name: StoreName, open: () => Promise<OpenStore>): Promise<OpenStore> {
  let opened = shared.get(name);
  if (opened === undefined) {
    opened = open();
    shared.set(name, opened);
  }
  return opened;
}

function openMemory(): OpenStore {
  let store = createMemoryStore();
  return {
    get store() {
      return store;
    },
    get peer() {
      return store;
    },
    db: null,
    async reset() {
      store = createMemoryStore();
    },
  };
}

async function openPglite(): Promise<OpenStore> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  closers.push(() => handle.close());
  await migrateToLatest(handle.db);
  const store = createSqlStore(handle.db);
  // PGlite serves one process through one connection; a second store shares it.
  return { store, peer: createSqlStore(handle.db), db: handle.db, reset: () => truncateAll(handle.db) };
}

async function openPostgres(): Promise<OpenStore> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  closers.push(async () => {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
    await handle.close();
  });
  await migrateToLatest(handle.db, { schema });
  const peer: DatabaseHandle = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  closers.push(() => peer.close());
  return {
    store: createSqlStore(handle.db),
    peer: createSqlStore(peer.db),
    db: handle.db,
    reset: () => truncateAll(handle.db),
  };
}

async function truncateAll(db: Kysely<Database>): Promise<void> {
  await sql`truncate table ${sql.join(TABLES.map((table) => sql.table(table)))} restart identity cascade`.execute(db);
}

async function probePostgres(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    if (error instanceof AggregateError && error.message === '') return error.errors.map(String).join('; ');
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
