import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A throwaway tree laid out like src/, with the given files (path relative to it → text). */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vv-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function check(src: string) {
  return spawnSync(process.execPath, ['scripts/check-domain-imports.js', '--src', src], { encoding: 'utf8' });
}

/** Dependencies point inward (docs/architecture.md): the domain imports nothing outside itself,
 *  and the adapters and the CLI reach storage only through ports the composition root fills. */
describe('the layer boundary check', () => {
  it('passes for the real src/', () => {
    const out = execFileSync(process.execPath, ['scripts/check-domain-imports.js'], { encoding: 'utf8' });
    expect(out).toContain('domain boundary ok');
    expect(out).toContain('adapter boundary ok');
  });

  it('fails, naming file and import, when a domain file imports an SDK or leaves the domain', () => {
    const src = tree({
      'dialogues/leaky.ts':
        "import { Kysely } from 'kysely';\nimport type { App } from '@slack/bolt';\nimport { x } from '../store/index.js';\nimport { y } from './ok.js';\nimport { z } from 'node:crypto';\n",
    });
    const result = check(src);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("leaky.ts: imports 'kysely'");
    expect(result.stderr).toContain("leaky.ts: imports '@slack/bolt'");
    expect(result.stderr).toContain("leaky.ts: imports '../store/index.js'");
    expect(result.stderr).not.toContain('./ok.js');
    expect(result.stderr).not.toContain('node:crypto');
  });

  it('fails when a file under src/bot or src/cli imports src/store, statically or lazily', () => {
    const src = tree({
      'bot/slack/uses-store.ts': "import type { R } from '../../store/slack-installation-repository.js';\n",
      'cli/lazy.ts': "export async function go() {\n  await import('../store/migrate.js');\n}\n",
      'bot/fine.ts': "import { port } from './slack/slack-installations.js';\nimport { openApp } from '../app.js';\n",
      'store/x.ts': "import type { P } from '../bot/slack/slack-installations.js';\n",
    });
    const result = check(src);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("uses-store.ts: imports '../../store/slack-installation-repository.js'");
    expect(result.stderr).toContain("lazy.ts: imports '../store/migrate.js'");
    expect(result.stderr).not.toContain('fine.ts');
    expect(result.stderr).not.toContain('x.ts');
  });
});
