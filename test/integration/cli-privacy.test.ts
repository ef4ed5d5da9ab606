import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { TEST_DATABASE_URL } from '../support/db.js';

interface Target { name: string; env: Record<string, string>; setUp(): Promise<void>; tearDown(): Promise<void> }

/** The CLI over the embedded database (DATA_DIR) and over PostgreSQL (a fresh database, dropped after). */
function targets(): Target[] {
  const dataDir = mkdtempSync(join(tmpdir(), 'vv-cli-privacy-'));
  const database = `vv_cli_privacy_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try { await client.query(statement); } finally { await client.end(); }
  };
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return [
    { name: 'pglite', env: { DATA_DIR: dataDir }, setUp: async () => undefined, tearDown: async () => rmSync(dataDir, { recursive: true, force: true }) },
    { name: 'postgres', env: { DATABASE_URL: url.toString() }, setUp: () => admin(`create database ${database}`), tearDown: () => admin(`drop database if exists ${database} with (force)`) },
  ];
}

for (const target of targets()) {
  describe(`vijfvragen person export / erase, retention [${target.name}]`, () => {
    const cli = (...args: string[]) => runCli(target.env, ...args);
    beforeAll(async () => {
      await target.setUp();
      expect((await cli('migrate')).code).toBe(0);
      expect((await cli('seed-demo')).code).toBe(0);
    }, 60_000);
    afterAll(() => target.tearDown());

    it('exports one person as JSON, refuses erasure without --yes, erases with it', async () => {
      const exported = await cli('person', 'export', '--person', 'Anouk de Vries');
      expect(exported.code).toBe(0);
      const body = JSON.parse(exported.stdout) as { format: string; person: { id: string; displayName: string }; identities: unknown[]; roles: unknown[] };
      expect(body).toMatchObject({ format: 'vijfvragen.person-export/1', person: { displayName: 'Anouk de Vries' } });
      expect(body.identities).toHaveLength(1);
      expect(body.roles.length).toBeGreaterThan(0);

      const unconfirmed = await cli('person', 'erase', '--person', body.person.id);
      expect(unconfirmed.code).toBe(1);
      expect(unconfirmed.stderr).toContain('--yes');
      expect(JSON.parse((await cli('person', 'export', '--person', body.person.id)).stdout)).toMatchObject({ person: { id: body.person.id } });

      const erased = await cli('person', 'erase', '--person', body.person.id, '--yes');
      expect(erased.code).toBe(0);
      expect(erased.stdout).toContain(`Erased person ${body.person.id}: 0 replies, 1 identities`);
      const again = await cli('person', 'export', '--person', body.person.id);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`No person "${body.person.id}"`);
      const people = JSON.parse((await cli('people', '--json')).stdout) as { displayName: string }[];
      expect(people.map((p) => p.displayName)).not.toContain('Anouk de Vries');
    }, 60_000);

    it('sets the retention period, refuses nonsense, and purges on demand', async () => {
      const bad = await cli('retention', 'set', '--days', 'soon');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--days must be a whole number of days or "off"');
      expect((await cli('retention', 'set', '--days', '0')).code).toBe(1);
      expect((await cli('retention', 'set', '--days', '30')).stdout).toContain('older than 30 days are purged daily');
      const purged = JSON.parse((await cli('retention', 'purge', '--json')).stdout) as { organisations: { retentionDays: number; replies: number }[] };
      // The demo board was seeded just now: nothing is older than 30 days yet.
      expect(purged.organisations).toEqual([expect.objectContaining({ retentionDays: 30, replies: 0 })]);
    }, 60_000);
  });
}
