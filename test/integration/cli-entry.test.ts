import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../../bin/source-fingerprint.js';
import { freePort } from '../../bench/bench-support.js';
import { spawnCli } from '../support/bot-child.js';

const run = promisify(execFile);
const TRACE = resolve('test/support/trace-imports.mjs');
const ROOT = pathToFileURL(resolve('.')).href + '/';

/** The packages a traced run imported (from `import <url>` lines). */
function packagesIn(output: string): Set<string> {
  const names = [...output.matchAll(/^import file:\/\/.*?\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(
    (m) => m[1] ?? '',
  );
  return new Set(names);
}

async function traced(args: string[], env: Record<string, string> = {}) {
  const { stdout, stderr } = await run(process.execPath, ['--import', TRACE, 'bin/vijfvragen.js', ...args], {
    env: { ...process.env, ...env },
  });
  return {
    stdout,
    stderr,
    packages: packagesIn(stderr),
    ownFiles: [...stderr.matchAll(/^import (file:\/\/\S+)$/gm)]
      .map((m) => m[1] ?? '')
      .filter((url) => url.startsWith(ROOT))
      .map((url) => url.slice(ROOT.length).split('/')[0]),
  };
}

describe('the vijfvragen entry point', () => {
  it('runs the build when it matches the sources, and --help then loads no TypeScript, database or SDK', async () => {
    // The global setup built dist/ from the sources as they are.
    const info = JSON.parse(readFileSync('dist/build-info.json', 'utf8')) as { sources: string };
    expect(info.sources).toBe(sourceFingerprint('src'));
    const help = await traced(['--help']);
    expect(help.stdout).toContain('Usage: vijfvragen');
    expect(help.ownFiles).toContain('dist');
    expect(help.ownFiles).not.toContain('src');
    for (const heavy of [
      'tsx',
      'esbuild',
      'typescript',
      'kysely',
      '@electric-sql/pglite',
      'pg',
      'zod',
      'express',
      '@slack/bolt',
      'botbuilder',
      'echarts',
      'jose',
    ]) {
      expect(help.packages, heavy).not.toContain(heavy);
    }
  }, 120_000);

  it('runs the TypeScript sources through tsx when asked to (and so from a clone without a build), with the same help', async () => {
    const fromSource = await traced(['--help'], { VIJFVRAGEN_FROM_SOURCE: '1' });
    expect(fromSource.packages).toContain('tsx');
    expect(fromSource.ownFiles).toContain('src');
    expect(fromSource.ownFiles).not.toContain('dist');
    expect(fromSource.stdout).toBe((await traced(['--help'])).stdout);
  }, 90_000);

  it('starts in local mode without loading Bolt, botbuilder or the chart libraries', async () => {
    const port = await freePort();
    const bot = spawnCli(
      ['start'],
      { DATA_DIR: 'memory://', PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'info' },
      { unset: ['DATABASE_URL'], nodeArgs: ['--import', TRACE] },
    );
    try {
      await bot.waitFor(/"msg":"Vijf Vragen is running"/);
      const packages = packagesIn(bot.output());
      expect(packages).toContain('express');
      for (const unused of ['@slack/bolt', 'botbuilder', 'echarts', '@resvg/resvg-js', 'tsx'])
        expect(packages, unused).not.toContain(unused);
    } finally {
      bot.kill();
      await bot.exited;
    }
  }, 120_000);
});
