import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vv-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A stack frame as Node prints it. */
const STACK = /^\s+at .*:\d+/m;

describe('start-up problems: one clear line, no stack trace, a non-zero exit', () => {
  it('lists TICK_CRON=bogus with the other configuration problems', async () => {
    const result = await runCli({ DATA_DIR: dataDir, TICK_CRON: 'bogus', PORT: 'eighty' }, 'start');
    // 2: the configuration is wrong (the CLI's code for that); 1: anything else.
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TICK_CRON: must be a node-cron expression');
    expect(result.stderr).toContain('PORT:');
    expect(result.stderr).not.toMatch(STACK);
  }, 120_000);

  it('names an unreachable PostgreSQL without its password', async () => {
    const result = await runCli({ DATABASE_URL: 'postgres://vv:s3cret-pw@127.0.0.1:1/vijfvragen' }, 'people');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'store: cannot reach PostgreSQL at 127.0.0.1:1/vijfvragen: connect ECONNREFUSED 127.0.0.1:1. Check DATABASE_URL and that the server runs.',
    );
    expect(result.stderr).not.toContain('s3cret');
  }, 120_000);

  it('names the process holding the embedded database', async () => {
    // The test runner itself is alive, so its pid in the lock file holds the folder.
    writeFileSync(join(dataDir, 'vijfvragen.lock'), String(process.pid));
    const result = await runCli({ DATA_DIR: dataDir }, 'people');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `The embedded database in ${dataDir} is in use by process ${process.pid}. Stop that process first, or set DATABASE_URL to use PostgreSQL, which many processes can share.`,
    );
  }, 120_000);
});
