import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migratedDataDir } from './migrated-data-dir.js';

const run = promisify(execFile);

/**
 * For a test or hook that runs the CLI as a process several times: each run starts Node and opens
 * the database (PGlite's start alone takes seconds on a loaded two-core machine), so allow for a
 * machine several times slower than an idle one.
 */
export const CLI_TIMEOUT_MS = 180_000;

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `vijfvragen <args>` as an operator or a script would, with `env` added to the process's own. */
export async function runCli(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/vijfvragen.js', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as CliResult;
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/**
 * The CLI against an embedded database in a fresh temporary folder; `remove` deletes it. With
 * `migrated`, the folder starts as a copy of an already migrated database (see migrated-data-dir.ts).
 *
 * @example
 * const { cli, remove } = embeddedCli('vv-cli-', {}, { migrated: true });
 * afterAll(remove);
 */
export function embeddedCli(prefix: string, env: Record<string, string> = {}, options: { migrated?: boolean } = {}) {
  const dataDir = options.migrated ? migratedDataDir(prefix) : mkdtempSync(join(tmpdir(), prefix));
  return {
    dataDir,
    cli: (...args: string[]) => runCli({ DATA_DIR: dataDir, ...env }, ...args),
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
