import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The domain stays free of platform SDKs, the database and the scheduler (DESIGN: dependencies point inward). */
describe('the domain boundary check', () => {
  it('passes for src/dialogues', () => {
    expect(execFileSync(process.execPath, ['scripts/check-domain-imports.js'], { encoding: 'utf8' })).toContain('domain boundary ok');
  });

  it('fails, naming file and import, when a domain file imports an SDK or leaves the domain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vv-domain-'));
    writeFileSync(join(dir, 'leaky.ts'), "import { Kysely } from 'kysely';\nimport type { App } from '@slack/bolt';\nimport { x } from '../store/index.js';\nimport { y } from './ok.js';\nimport { z } from 'node:crypto';\n");
    const result = spawnSync(process.execPath, ['scripts/check-domain-imports.js', dir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("leaky.ts: imports 'kysely'");
    expect(result.stderr).toContain("leaky.ts: imports '@slack/bolt'");
    expect(result.stderr).toContain("leaky.ts: imports '../store/index.js'");
    expect(result.stderr).not.toContain('./ok.js');
    expect(result.stderr).not.toContain('node:crypto');
  });
});
