import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase } from '../../bench/bench-support.js';
import { openApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { seedDemoBoard } from '../../src/demo-seed.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/database.js';
import { tableFingerprints, type TableFingerprint } from '../../src/store/table-fingerprints.js';
import { runCli } from '../support/cli.js';

/**
 * `vijfvragen backup`, `restore` and `copy-to-postgres` as an operator runs them (child
 * processes), and the documented pg_dump/pg_restore for PostgreSQL: each a round trip whose row
 * counts and per-table content hashes must come out equal.
 */
const scratch = mkdtempSync(join(tmpdir(), 'vv-backup-'));
const dataDir = join(scratch, 'data');
const cli = (...args: string[]) => runCli({ DATA_DIR: dataDir, DATABASE_URL: '' }, ...args);
const databases: string[] = [];

async function embeddedFingerprints(): Promise<TableFingerprint[]> {
  const handle = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  try {
    return await tableFingerprints(handle.db);
  } finally {
    await handle.close();
  }
}

async function postgresFingerprints(url: string): Promise<TableFingerprint[]> {
  const handle = await openDatabase({ databaseUrl: url });
  try {
    return await tableFingerprints(handle.db);
  } finally {
    await handle.close();
  }
}

async function freshPostgres(): Promise<string> {
  const name = `vv_backup_${randomBytes(4).toString('hex')}`;
  databases.push(name);
  return createDatabase(name);
}

/** The demo board, a round with answers (text with newlines, quotes, emoji), audit rows with JSON. */
async function seedEmbedded(): Promise<void> {
  const app = await openApp(loadConfig({ DATA_DIR: dataDir }), { log: createLogger('silent') });
  try {
    const board = await seedDemoBoard(app.deps);
    if (!board) throw new Error('demo board not seeded');
    const [organisation] = await app.store.organisations.list();
    const organisationId = organisation?.id ?? '';
    const teams = await app.store.teams.list(organisationId);
    const people = await app.store.people.list(organisationId);
    let stored = 0;
    for (const team of teams.slice(0, 3)) {
      const opened = await openRound(app.deps, { organisationId, teamId: team.id, trigger: 'ad_hoc', triggeredBy: null, template: null, theme: 'begrijpend lezen' });
      if (!opened.ok) throw new Error(opened.code);
      for (const [i, person] of people.entries()) {
        const answered = await recordAnswers(app.deps, {
          organisationId, roundId: opened.value.round.id, personId: person.id, source: 'web', platform: 'web',
          answers: [{ key: 'right_things', text: `Antwoord ${i} van ${team.name}: ‘twintig minuten’ lezen 📚\nen "samen" \\ terugkijken` }],
        });
        if (answered.ok) stored += 1;
      }
    }
    if (stored < 3) throw new Error(`only ${stored} answers stored`);
    for (let i = 0; i < 5; i += 1) {
      await app.store.audit.record({ organisationId, actorPersonId: null, action: 'test.backup', subject: `row ${i}`, details: { i, nested: { nl: 'één', list: [1, 2.5, null] } }, at: new Date(Date.UTC(2026, 0, 1, 12, i)) });
    }
  } finally {
    await app.close();
  }
}

describe('backup, restore and the move to PostgreSQL', () => {
  let original: TableFingerprint[];
  const backupFile = join(scratch, 'vijfvragen-backup.tar.gz');

  beforeAll(async () => {
    await seedEmbedded();
    original = await embeddedFingerprints();
  }, 240_000);

  afterAll(async () => {
    for (const name of databases) await dropDatabase(name);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('has something worth backing up', () => {
    const rows = Object.fromEntries(original.map((t) => [t.table, t.rows]));
    expect(rows.rounds).toBe(3);
    expect(rows.replies).toBeGreaterThanOrEqual(3);
    expect(rows.audit_log).toBeGreaterThanOrEqual(5);
    expect(original.filter((t) => t.rows > 0).length).toBeGreaterThanOrEqual(10);
  });

  it('refuses to back up while another process holds the embedded database', async () => {
    // The test process stands in for a running bot: a live pid in the data folder's lock file.
    writeFileSync(join(dataDir, 'vijfvragen.lock'), String(process.pid));
    try {
      const refused = await cli('backup', backupFile);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`in use by process ${process.pid}`);
      expect(refused.stderr).toContain('Stop the bot first');
      expect(existsSync(backupFile)).toBe(false);
    } finally {
      rmSync(join(dataDir, 'vijfvragen.lock'), { force: true });
    }
  }, 120_000);

  it('backs up, and restore brings back exactly that after the data changed', async () => {
    const backup = await cli('backup', backupFile);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`replies\\s+${original.find((t) => t.table === 'replies')?.rows} rows`));
    expect((await cli('backup', backupFile)).stderr).toContain('exists');

    // Change the data after the backup: erase replies, add an audit row.
    const handle = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    await handle.db.deleteFrom('replies').execute();
    await handle.close();
    expect(await embeddedFingerprints()).not.toEqual(original);

    const restored = await cli('restore', backupFile);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('is kept in');
    expect(await embeddedFingerprints()).toEqual(original);
    // The replaced database was moved aside, not deleted.
    expect(readdirSync(dataDir).filter((name) => name.startsWith('pglite.before-restore-'))).toHaveLength(1);
  }, 240_000);

  it('refuses a file that is not a backup and leaves the database as it was', async () => {
    const bogus = join(scratch, 'not-a-backup.tar.gz');
    writeFileSync(bogus, 'hello');
    const refused = await cli('restore', bogus);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not a backup made by "vijfvragen backup"');
    expect(await embeddedFingerprints()).toEqual(original);
  }, 120_000);

  it('copies the embedded database into an empty PostgreSQL database, equal table by table', async () => {
    const url = await freshPostgres();
    const copied = await cli('copy-to-postgres', '--to', url);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toContain("every table's row count and content hash match");
    expect(await postgresFingerprints(url)).toEqual(original);
    // The identity column goes on after the copied rows: a new audit row gets a fresh id.
    const handle = await openDatabase({ databaseUrl: url });
    try {
      const [organisation] = await handle.db.selectFrom('organisations').select('id').execute();
      await handle.db.insertInto('audit_log').values({ organisation_id: organisation?.id ?? '', actor_person_id: null, action: 'after.copy', subject: 'x', details: JSON.stringify({}), at: new Date() }).execute();
    } finally {
      await handle.close();
    }

    // A second copy into the now non-empty database is refused, and changes nothing there.
    const before = await postgresFingerprints(url);
    const refused = await cli('copy-to-postgres', '--to', url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The target database is not empty');
    expect(await postgresFingerprints(url)).toEqual(before);
  }, 240_000);

  it('documented PostgreSQL backup: pg_dump -Fc and pg_restore round-trip the copied database', async () => {
    const source = await freshPostgres();
    expect((await cli('copy-to-postgres', '--to', source)).code).toBe(0);
    const dump = join(scratch, 'vijfvragen.dump');
    execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, `--dbname=${source}`]);
    const target = await freshPostgres();
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target}`, dump]);
    expect(await postgresFingerprints(target)).toEqual(original);
  }, 240_000);

  it('points PostgreSQL users to pg_dump instead of backing up', async () => {
    const refused = await runCli({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, 'backup', join(scratch, 'x.tar.gz'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pg_dump');
  });
});
