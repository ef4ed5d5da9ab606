import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { sourceFingerprint } from '../../bin/source-fingerprint.js';

/**
 * An embedded database (DATA_DIR) with every migration applied, made once for these sources and
 * this PGlite and copied for each test that wants one: starting PGlite and migrating costs
 * several seconds per CLI test file on a busy machine, a copy a fraction of a second. The
 * template's name carries a hash of src/ and of PGlite's version, so a changed migration (or an
 * upgraded PGlite) makes a new one; concurrent test processes race harmlessly (the first rename wins).
 *
 * @example
 * const dataDir = migratedDataDir('vv-cli-');
 */
export function migratedDataDir(prefix: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  fillMigrated(dataDir);
  return dataDir;
}

/** Fills an existing, empty DATA_DIR with a copy of the migrated template (made first if needed). */
export function fillMigrated(dataDir: string): void {
  cpSync(join(migratedTemplate(), 'data'), dataDir, { recursive: true });
}

function migratedTemplate(): string {
  const pglite = JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')) as {
    version: string;
  };
  const key = createHash('sha256')
    .update(`${sourceFingerprint('src')}|${pglite.version}|${process.version}`)
    .digest('hex')
    .slice(0, 16);
  const template = join(tmpdir(), `vv-migrated-${key}`);
  if (!existsSync(join(template, 'ready'))) {
    const making = mkdtempSync(join(tmpdir(), 'vv-migrated-making-'));
    try {
      const { DATABASE_URL: _ignored, ...env } = process.env;
      execFileSync(process.execPath, ['bin/vijfvragen.js', 'migrate'], {
        env: { ...env, LOG_LEVEL: 'warn', DATA_DIR: join(making, 'data') },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      writeFileSync(join(making, 'ready'), '');
      renameSync(making, template);
    } catch (error) {
      rmSync(making, { recursive: true, force: true });
      // Another test process made it meanwhile: use theirs.
      if (!existsSync(join(template, 'ready'))) throw error;
    }
  }
  return template;
}
