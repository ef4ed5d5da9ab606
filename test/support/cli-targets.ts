import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli, type CliResult } from './cli.js';
import { STORES, TEST_DATABASE_URL } from './db.js';
import { fillMigrated } from './migrated-data-dir.js';

/** The CLI over one kind of database, made by `setUp` and removed by `tearDown`. */
export interface CliTarget {
  name: 'pglite' | 'postgres';
  /** Why this target cannot run here (PostgreSQL unreachable); undefined when it can. */
  unavailable: string | undefined;
  env: Record<string, string>;
  cli(...args: string[]): Promise<CliResult>;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

/**
 * The CLI over the embedded database (a fresh DATA_DIR) and over PostgreSQL (a fresh database,
 * dropped after), as an operator runs it on either. With `migrated`, the embedded one starts migrated.
 *
 * @example
 * for (const target of cliTargets('vv-cli-x-')) describe(`x [${target.name}]`, () => { … });
 */
export function cliTargets(prefix: string, options: { migrated?: boolean } = {}): CliTarget[] {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const database = `${prefix.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  const target = (
    name: CliTarget['name'],
    env: Record<string, string>,
    setUp: () => Promise<void>,
    tearDown: () => Promise<void>,
  ): CliTarget => ({
    name,
    unavailable: STORES.find((s) => s.name === name)?.unavailable,
    env,
    cli: (...args) => runCli(env, ...args),
    setUp,
    tearDown,
  });
  return [
    target(
      'pglite',
      { DATA_DIR: dataDir },
      // Migrated already (a copy of a template) when asked: PGlite's start and migrations are the slow part.
      async () => (options.migrated ? fillMigrated(dataDir) : undefined),
      async () => rmSync(dataDir, { recursive: true, force: true }),
    ),
    target(
      'postgres',
      { DATABASE_URL: url.toString() },
      () => admin(`create database ${database}`),
      () => admin(`drop database if exists ${database} with (force)`),
    ),
  ];
}
