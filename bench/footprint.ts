// (f) Footprint and start-up: the real program's memory and start times against two baselines
// measured in the same run, interleaved (baseline, Vijf Vragen, baseline, …) so a busy moment on
// a shared machine hits both sides alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceFingerprint } from '../bin/source-fingerprint.js';
import { startFakeSlackApi } from '../test/support/fake-slack-api.js';
import { freePort, median, sleep, startCommandArgs } from './bench-support.js';

const WORKSPACE = {
  teamId: 'T0FOOT01',
  teamName: 'Stichting Footprint',
  botToken: 'xoxb-footprint-token',
  botUserId: 'U0FOOTBOT',
  botId: 'B0FOOT',
};

/** Variables of the caller's environment that would change which database or platform is used. */
const OWN =
  /^(DATABASE_URL|DATA_DIR|SLACK_|TEAMS_|Microsoft|TOKEN_SECRET|PORT$|HOST$|VIJFVRAGEN_FROM_SOURCE|SEED_DEMO)/;

function environment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !OWN.test(name)) env[name] = value;
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export interface Measured {
  /** Every run's figure, in the order they were taken. */
  runs: number[];
  median: number;
}

export interface FootprintRow {
  what: string;
  unit: 's' | 'MB';
  measured: Measured;
  /** The baseline it is compared with, when the target is a ratio. */
  baseline?: { what: string; measured: Measured; maxRatio?: number };
  /** An absolute limit, when the target is one. */
  limit?: number;
}

export interface FootprintFigures {
  build: 'compiled (dist/ current)' | 'compiled (built by the bench)' | 'TypeScript sources (build failed)';
  rounds: number;
  idleSeconds: number;
  /** One-minute load average at the start and at the end of the section. */
  load: [number, number];
  rows: FootprintRow[];
}

const measured = (runs: number[]): Measured => ({ runs, median: median(runs) });

function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Runs `node <args>` to its end; its wall time in seconds and what it printed. */
function runToEnd(args: string[], env: Record<string, string>): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, stdout });
      else reject(new Error(`bench: node ${args.join(' ')} exited ${code}:\n${stderr.slice(-4000)}`));
    });
  });
}

interface Idle {
  readySeconds: number;
  idleRssMb: number;
  peakRssMb: number;
}

/**
 * Starts a server process, times it from spawn to the first 200 from `path`, lets it idle for
 * `idleMs`, reads its resident memory (now and peak) and stops it with SIGTERM.
 */
async function startIdleStop(
  args: string[],
  env: Record<string, string>,
  port: number,
  path: string,
  idleMs: number,
): Promise<Idle> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let readySeconds = Number.NaN;
    while (Number.isNaN(readySeconds)) {
      if (child.exitCode !== null) throw new Error(`bench: node ${args.join(' ')} exited:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`bench: not ready after 120 s:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}${path}`).then(
        (r) => r.arrayBuffer().then(() => r.status === 200),
        () => false,
      );
      if (ok) readySeconds = (performance.now() - started) / 1000;
      else await sleep(20);
    }
    await sleep(idleMs);
    const pid = child.pid ?? 0;
    return { readySeconds, idleRssMb: memoryMb(pid, 'VmRSS'), peakRssMb: memoryMb(pid, 'VmHWM') };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** dist/ current, built now, or (when the build fails) the TypeScript sources as a fresh clone runs them. */
export async function ensureBuild(): Promise<FootprintFigures['build']> {
  const current = () => {
    try {
      const info = JSON.parse(readFileSync('dist/build-info.json', 'utf8')) as { sources?: string };
      return info.sources === sourceFingerprint('src');
    } catch {
      return false;
    }
  };
  if (current()) return 'compiled (dist/ current)';
  await runToEnd(['scripts/build.js'], environment({})).catch(() => undefined);
  return current() ? 'compiled (built by the bench)' : 'TypeScript sources (build failed)';
}

export interface FootprintOptions {
  /** An empty PostgreSQL database of this section's own. */
  databaseUrl: string;
  rounds: number;
  idleMs: number;
}

export async function benchFootprint(options: FootprintOptions): Promise<FootprintFigures> {
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const build = await ensureBuild();
  const slack = await startFakeSlackApi();
  slack.addWorkspace(WORKSPACE);
  const dataDir = mkdtempSync(join(tmpdir(), 'vijfvragen-footprint-'));
  try {
    const onPostgres = environment({
      DATABASE_URL: options.databaseUrl,
      SLACK_BOT_TOKEN: WORKSPACE.botToken,
      SLACK_SIGNING_SECRET: 'footprint-signing-secret-0123456789',
      SLACK_API_URL: slack.url,
      TOKEN_SECRET: 'footprint-token-secret-footprint-token-0',
      HOST: '127.0.0.1',
    });
    const embedded = environment({ DATA_DIR: join(dataDir, 'data'), HOST: '127.0.0.1' });
    // Not timed: the schema and a demo board (for `rounds --json` to list something).
    await runToEnd(['bin/vijfvragen.js', 'migrate'], onPostgres);
    await runToEnd(['bin/vijfvragen.js', 'seed-demo'], onPostgres);

    // Embedded first: its first start is with a fresh data directory (PGlite's own start-up,
    // migrations and the demo board included), then a restart.
    const embeddedStarts: Idle[] = [];
    for (let i = 0; i < 2; i += 1) {
      const port = await freePort();
      embeddedStarts.push(
        await startIdleStop(startCommandArgs(), { ...embedded, PORT: String(port) }, port, '/readyz', options.idleMs),
      );
    }
    const [first, restart] = embeddedStarts as [Idle, Idle];

    const requireRuns: { seconds: number; rssMb: number }[] = [];
    const pgStarts: Idle[] = [];
    const boltIdle: Idle[] = [];
    const help: number[] = [];
    const roundsPg: number[] = [];
    const roundsEmbedded: number[] = [];
    const bareNode: number[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const baseline = await runToEnd(['bench/baseline-require.js'], environment({}));
      requireRuns.push({
        seconds: baseline.seconds,
        rssMb: (JSON.parse(baseline.stdout) as { rss: number }).rss / 2 ** 20,
      });
      const port = await freePort();
      pgStarts.push(
        await startIdleStop(startCommandArgs(), { ...onPostgres, PORT: String(port) }, port, '/readyz', options.idleMs),
      );
      const boltPort = await freePort();
      boltIdle.push(
        await startIdleStop(
          ['bench/baseline-bolt-idle.js'],
          environment({ PORT: String(boltPort), SLACK_BOT_TOKEN: WORKSPACE.botToken, SLACK_API_URL: slack.url }),
          boltPort,
          '/',
          options.idleMs,
        ),
      );
      bareNode.push((await runToEnd(['-e', '0'], environment({}))).seconds);
      help.push((await runToEnd(['bin/vijfvragen.js', '--help'], environment({}))).seconds);
      roundsPg.push((await runToEnd(['bin/vijfvragen.js', 'rounds', '--json'], onPostgres)).seconds);
      roundsEmbedded.push((await runToEnd(['bin/vijfvragen.js', 'rounds', '--json'], embedded)).seconds);
    }

    const requireTime = measured(requireRuns.map((r) => r.seconds));
    const requireRss = measured(requireRuns.map((r) => r.rssMb));
    const boltRss = measured(boltIdle.map((r) => r.idleRssMb));
    const rows: FootprintRow[] = [
      { what: 'require baseline: load time', unit: 's', measured: requireTime },
      { what: 'require baseline: RSS', unit: 'MB', measured: requireRss },
      { what: 'bare Bolt app: idle RSS', unit: 'MB', measured: boltRss },
      {
        what: 'PostgreSQL (Slack): start to /readyz',
        unit: 's',
        measured: measured(pgStarts.map((r) => r.readySeconds)),
        baseline: { what: 'require time', measured: requireTime, maxRatio: 1.5 },
      },
      {
        what: 'PostgreSQL (Slack): idle RSS',
        unit: 'MB',
        measured: measured(pgStarts.map((r) => r.idleRssMb)),
        baseline: { what: 'require RSS', measured: requireRss, maxRatio: 1.5 },
      },
      {
        what: 'PostgreSQL (Slack): idle RSS vs bare Bolt',
        unit: 'MB',
        measured: measured(pgStarts.map((r) => r.idleRssMb)),
        baseline: { what: 'bare Bolt idle RSS', measured: boltRss },
      },
      { what: 'embedded, first start: to /readyz', unit: 's', measured: measured([first.readySeconds]) },
      { what: 'embedded, first start: idle RSS', unit: 'MB', measured: measured([first.idleRssMb]), limit: 300 },
      { what: 'embedded, first start: peak RSS', unit: 'MB', measured: measured([first.peakRssMb]), limit: 300 },
      { what: 'embedded, restart: to /readyz', unit: 's', measured: measured([restart.readySeconds]) },
      { what: 'embedded, restart: idle RSS', unit: 'MB', measured: measured([restart.idleRssMb]), limit: 300 },
      // How loaded the machine was: an absolute time is only as good as this one.
      { what: 'reference: bare `node -e 0`', unit: 's', measured: measured(bareNode) },
      { what: '`vijfvragen --help`', unit: 's', measured: measured(help), limit: 0.3 },
      { what: '`vijfvragen rounds --json`, PostgreSQL', unit: 's', measured: measured(roundsPg), limit: 0.8 },
      { what: '`vijfvragen rounds --json`, embedded', unit: 's', measured: measured(roundsEmbedded) },
    ];
    const load: [number, number] = [loadBefore, loadavg()[0] ?? Number.NaN];
    return { build, rounds: options.rounds, idleSeconds: options.idleMs / 1000, load, rows };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await slack.close();
  }
}
