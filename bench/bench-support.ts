import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

/** Where the bench database lives: the machine's PostgreSQL, a database of the bench's own. */
export const ADMIN_URL =
  process.env.BENCH_ADMIN_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database (dropped first if a crashed run left it behind). */
export async function createDatabase(name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench: bad database name ${name}`);
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await admin(`drop database if exists ${name} with (force)`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  readonly process: ChildProcess;
  /** Everything it wrote to stderr and stdout, for a failure report. */
  readonly output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `node <args>` and waits until `url` answers any HTTP status. */
export async function startChild(
  args: string[],
  env: Record<string, string>,
  url: string,
  timeoutMs = 60_000,
  /** A command that runs node for us, such as `ip netns exec <ns>` (the cluster test's replicas). */
  prefix: readonly string[] = [],
): Promise<Child> {
  // BENCH_PROFILE_DIR: each child writes a V8 CPU profile there when it exits (open in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const [command = process.execPath, ...before] = prefix.length > 0 ? [...prefix, process.execPath] : [];
  const child = spawn(command, [...before, ...profile, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: Child = {
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bench: child exited (${child.exitCode}):\n${output}`);
    // Up means answering 200: a server still starting binds its port early and answers 503.
    const up = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return handle;
    await sleep(100);
  }
  await handle.stop('SIGKILL');
  throw new Error(`bench: child did not come up at ${url}:\n${output}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export interface LoadFigures {
  requests: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends `total` requests with `concurrency` in flight at a time, as fast as answers come back
 * (closed loop). `send(i)` makes request i and resolves true when it was acknowledged.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  send: (i: number) => Promise<boolean>,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const at = performance.now();
      const ok = await send(i).catch(() => false);
      latencies.push(performance.now() - at);
      if (!ok) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    failed,
    seconds,
    perSecond: total / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** Sends requests at a fixed rate (open loop) for `seconds`, to read p99 at a target rate. */
export async function openLoop(
  ratePerSecond: number,
  seconds: number,
  send: (i: number) => Promise<boolean>,
): Promise<LoadFigures> {
  const total = Math.round(ratePerSecond * seconds);
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const at = performance.now();
    pending.push(
      send(i)
        .catch(() => false)
        .then((ok) => {
          latencies.push(performance.now() - at);
          if (!ok) failed += 1;
        }),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    failed,
    seconds: elapsed,
    perSecond: total / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * The Node flags and script of `npm start` (package.json), for benchmarks that start the server as
 * production does: `['--max-semi-space-size=4', 'bin/vijfvragen.js', 'start']`.
 */
export function startCommandArgs(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(' ');
  if (node !== 'node') throw new Error(`bench: npm start is not a node command: ${pkg.scripts.start}`);
  return args;
}
