import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { sleep } from '../../bench/bench-support.js';

/** The repository root: where `/opt/vijfvragen` (the install path in deploy/) points in tests. */
export const REPO = resolve(import.meta.dirname, '../..');
export const INSTALL_DIR = '/opt/vijfvragen';

/** A systemd unit file as sections of (key, value) pairs, repeated keys kept in order. */
export type UnitFile = Map<string, [string, string][]>;

export function parseUnit(text: string): UnitFile {
  const unit: UnitFile = new Map();
  let section: [string, string][] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      section = unit.get(header[1]) ?? [];
      unit.set(header[1], section);
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 0) throw new Error(`unit: cannot parse line ${JSON.stringify(raw)}`);
    section.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return unit;
}

export function unitValues(unit: UnitFile, section: string, key: string): string[] {
  return (unit.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);
}

export function readUnit(path: string): UnitFile {
  return parseUnit(readFileSync(resolve(REPO, path), 'utf8'));
}

/** `Environment=A=1 B=2` lines (no quoting is used in deploy/) as one record. */
export function unitEnvironment(unit: UnitFile): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of unitValues(unit, 'Service', 'Environment')) {
    for (const assignment of line.split(/\s+/).filter(Boolean)) {
      const eq = assignment.indexOf('=');
      env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
    }
  }
  return env;
}

/** `LoadCredential=NAME:/path` lines as NAME → path. */
export function unitCredentials(unit: UnitFile): Map<string, string> {
  return new Map(unitValues(unit, 'Service', 'LoadCredential').map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1)];
  }));
}

export interface Started {
  readonly process: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs a command line exactly as given (argv[0] is the program) with exactly `env` (plus PATH, as
 * systemd and Docker provide one), and waits until `readyUrl` answers 200.
 */
export async function startCommand(argv: readonly string[], env: Record<string, string>, readyUrl: string, options: { cwd?: string; timeoutMs?: number } = {}): Promise<Started> {
  const [program, ...args] = argv;
  if (!program) throw new Error('startCommand: empty command');
  const child = spawn(program, args, { cwd: options.cwd ?? REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const started: Started = {
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(readyUrl).then((r) => r.status === 200, () => false);
    if (ready) return started;
    await sleep(200);
  }
  await started.stop('SIGKILL');
  throw new Error(`${argv.join(' ')} did not become ready at ${readyUrl}:\n${output}`);
}

/**
 * A plain HTTP request with a chosen Host header (fetch does not let one set it): what a proxy in
 * front sends, since the bot answers only to its PUBLIC_URL's host name.
 */
export function requestWithHost(url: string, host: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolveResponse, reject) => {
    const target = new URL(url);
    const req = httpRequest({
      host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET',
      headers: { host, ...(options.headers ?? {}), ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
