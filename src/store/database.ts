import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { withCurrentSchemaIntrospection } from './current-schema-introspector.js';
import { namePreparedStatements } from './prepared-statements.js';
import { StartupError } from '../startup-error.js';
import type { Database } from './schema.js';

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When set, PostgreSQL is used; otherwise embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` or undefined keeps everything in memory. */
  dataDir?: string | undefined;
  /**
   * Work inside this schema (created if missing) instead of `public`; tests give every file its
   * own. Lower-case letters, digits and underscores only, since it is spliced into SQL.
   */
  schema?: string | undefined;
  /** Largest number of PostgreSQL connections held by this process. */
  maxConnections?: number | undefined;
  /**
   * Called when a PostgreSQL connection breaks (server restart, failover, killed backend).
   * The pool drops the connection and opens a new one for a later query. Defaults to a warning
   * on the console.
   */
  onConnectionError?: ((error: Error) => void) | undefined;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** The schema this handle works in, or undefined for the default search path. */
  schema: string | undefined;
  /** PostgreSQL only: the pool's connections now (for /metrics). */
  connections?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, embedded PGlite otherwise. Both
 * speak the same SQL; the schema is created by `migrateToLatest`, not here.
 *
 * @example
 * const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
 * await migrateToLatest(database.db, { schema: database.schema });
 * const store = createSqlStore(database.db);
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`store: invalid schema name ${JSON.stringify(schema)}`);
  }
  return options.databaseUrl === undefined
    ? openPglite(options.dataDir, schema)
    : openPostgres(options.databaseUrl, schema, options);
}

/**
 * PGlite starts PostgreSQL with its server defaults (128 MB of shared buffers), sized for a
 * machine that serves many clients; inside one bot process that memory is held for the process's
 * life. One school board's data fits in far less, and the files stay in the operating system's
 * cache besides. Sorts, index builds and temporary tables get small budgets too: they spill to
 * disk instead of growing the process. With `npm start`'s small young generation
 * (`--max-semi-space-size=4`) a first start's peak, migrations and the demo school year included,
 * fell from 290–320 MB to 255–275 MB (bench (f) and by hand, 7 December). Durability settings are
 * left as they are.
 */
const PGLITE_MEMORY = [
  ['shared_buffers', '8MB'],
  ['maintenance_work_mem', '4MB'],
  ['work_mem', '2MB'],
  ['temp_buffers', '1MB'],
].flatMap(([name, value]) => ['-c', `${name}=${value}`]);

async function openPglite(dataDir: string | undefined, schema: string | undefined): Promise<DatabaseHandle> {
  // PGlite creates its data directory but not the parents (`./data/pglite` on a fresh checkout).
  if (dataDir !== undefined && !dataDir.includes('://')) {
    await mkdir(dirname(resolve(dataDir)), { recursive: true });
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdbInChild(dataDir);
  }
  // Loaded only for the embedded database: a process on PostgreSQL (a CLI read) never needs it.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY],
  });
  // PGlite has exactly one session, so setting the search path once covers every later query.
  if (schema !== undefined) {
    await pglite.exec(`create schema if not exists "${schema}"; set search_path to "${schema}"`);
  }
  const db = new Kysely<Database>({ dialect: withCurrentSchemaIntrospection(new PGliteDialect(pglite)) });
  // Destroying the Kysely instance closes PGlite, which flushes its files.
  return { db, kind: 'pglite', schema, close: () => db.destroy() };
}

/** Runs PGlite's initdb for a new data folder in a process of its own (see pglite-initdb.mjs). */
function initdbInChild(dataDir: string): Promise<void> {
  const script = fileURLToPath(new URL('./pglite-initdb.mjs', import.meta.url));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => void (errors = (errors + chunk.toString()).slice(-4_000)));
    child.once('error', (error) =>
      fail(new Error(`store: cannot start PGlite's initdb: ${error.message}`, { cause: error })),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) done();
      else
        fail(
          new Error(
            `store: creating the embedded database in ${dataDir} failed (${signal ?? `exit ${code}`}): ${errors.trim()}`,
          ),
        );
    });
  });
}

async function openPostgres(
  url: string,
  schema: string | undefined,
  options: DatabaseOptions,
): Promise<DatabaseHandle> {
  // The schema must exist before the pool's connections name it in their search path.
  if (schema !== undefined) await createSchema(url, schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Fail a query instead of waiting forever while the server is down; the next one retries.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // Every pooled connection, including ones opened after a server restart, gets the path.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const report =
    options.onConnectionError ??
    ((error: Error) => console.warn(`store: PostgreSQL connection lost: ${error.message}`));
  // pg emits 'error' on a client whose connection breaks. The pool listens only while a client
  // is idle; a client checked out by kysely has no listener, and an unheard 'error' event kills
  // the process. So every client gets one for its whole life. The query in flight still rejects,
  // and the pool discards the broken client when it comes back.
  pool.on('connect', (client) => {
    client.on('error', report);
    namePreparedStatements(client);
  });
  // The pool re-emits idle clients' errors, already reported by the listener above.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: withCurrentSchemaIntrospection(new PostgresDialect({ pool })) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new StartupError(
      `store: cannot reach PostgreSQL at ${where(url)}: ${describe(error)}. Check DATABASE_URL and that the server runs.`,
      { cause: error },
    );
  }
  const connections = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  return { db, kind: 'postgres', schema, connections, close: () => db.destroy() };
}

/** host:port/database of a connection URL, without user or password. */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(DATABASE_URL is not a URL)';
  }
}

async function createSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A Client without an error listener crashes the process if the server drops it mid-way.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    throw new Error(`store: cannot create schema ${schema} in PostgreSQL: ${describe(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  // A refused connection from pg is an AggregateError with an empty message.
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner))).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
