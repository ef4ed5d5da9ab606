import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Kysely } from 'kysely';
import type { Store } from '../../src/dialogues/ports.js';
import { openDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/schema.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { TEST_DATABASE_URL } from '../support/db.js';

/** What every scenario prints, so a run reads as a table of figures. */
export interface FaultFigures {
  sent: number;
  stored: number;
  duplicated: number;
  lost: number;
  refused: number;
  [extra: string]: number | string;
}

export function printFigures(scenario: string, figures: FaultFigures): void {
  const line = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`[faults] ${scenario}: ${line}`);
}

export interface FreshDatabase {
  /** Connection URL of a database made for this scenario, for child processes. */
  url: string;
  db: Kysely<Database>;
  store: Store;
  /** A second pool on the same database, as another process would hold. */
  openPeer(): Promise<{ store: Store; close(): Promise<void> }>;
  /** Closes the pools and drops the database. */
  drop(): Promise<void>;
}

async function admin(statement: string, adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own on the machine's PostgreSQL (never a restart of that server: others use
 * it), migrated; child processes reach it through `url`.
 */
export async function freshDatabase(adminUrl: string = TEST_DATABASE_URL): Promise<FreshDatabase> {
  const name = `vv_fault_${randomBytes(5).toString('hex')}`;
  await admin(`create database ${name}`, adminUrl);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  const peers: (() => Promise<void>)[] = [];
  return {
    url: url.toString(),
    db: handle.db,
    store: createSqlStore(handle.db),
    async openPeer() {
      const peer = await openDatabase({ databaseUrl: url.toString() });
      peers.push(() => peer.close());
      return { store: createSqlStore(peer.db), close: () => peer.close() };
    },
    async drop() {
      for (const close of peers) await close().catch(() => undefined);
      await handle.close();
      await admin(`drop database if exists ${name} with (force)`, adminUrl);
    },
  };
}

/** Counts rows of a table in the scenario's database. */
export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
