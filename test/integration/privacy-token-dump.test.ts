import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTokenBox } from '../../src/bot/slack/token-crypto.js';
import { slackInstallationRepository } from '../../src/store/slack-installation-repository.js';
import { STORES, TEST_DATABASE_URL, forEachStore } from '../support/db.js';
import { commandText, flush } from '../support/slack-scenario.js';
import { installThroughOAuth, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const SCHOOL = {
  teamId: 'T0DUMP01',
  teamName: 'Stichting Dump',
  botToken: 'xoxb-dump-4242-plaintext-secret',
  botUserId: 'U0DUMPBOT',
  botId: 'B0DUMP',
};
const INSTALLER = 'U0DUMPADM';

/**
 * After a real OAuth install and a round posted with the workspace's token, no table holds the
 * token in plain text: every row of every table in the test schema is read as text (PGlite and
 * PostgreSQL), and on PostgreSQL `pg_dump` of the schema, as a backup would be taken, is searched too.
 */
forEachStore(
  'a database dump holds no plain platform token',
  (t) => {
    let app: SlackTestApp;
    beforeEach(async () => {
      app = await startSlackTestApp({
        oauth: true,
        store: t.store,
        installations: t.db ? slackInstallationRepository(t.db) : undefined,
      });
      app.slack.addUser(SCHOOL.teamId, { id: INSTALLER, name: 'Directeur Dump', is_admin: true });
    });
    afterEach(async () => app.close());

    it('installs, posts with the token, and leaves only ciphertext behind', async () => {
      if (!t.db) throw new Error('SQL stores only');
      expect(
        (await installThroughOAuth(app, 'code-dump', { workspace: SCHOOL, installerUserId: INSTALLER })).status,
      ).toBe(200);
      const command = (text: string) =>
        app.raw(
          new URLSearchParams({
            team_id: SCHOOL.teamId,
            channel_id: 'C0DUMP03',
            channel_name: 'groep-3',
            user_id: INSTALLER,
            user_name: 'dir',
            command: '/vijfvragen',
            text,
            trigger_id: 't',
            response_url: `${app.slack.origin}/respond/d`,
          }).toString(),
          'application/x-www-form-urlencoded',
        );
      expect((await commandText(await command('koppel Groep 3'))).type).toBe('in_channel');
      await command('ronde rekenen');
      await flush(app);
      // The token was really used, and really stored (sealed): so there was something to leak.
      expect(app.slack.callsTo('chat.postMessage').map((c) => c.token)).toContain(SCHOOL.botToken);
      const sealed = (await app.installations.find(SCHOOL.teamId))?.sealed ?? '';
      expect(createTokenBox(app.config.encryptionKey ?? '').open(sealed, SCHOOL.teamId)).toContain(SCHOOL.botToken);

      const schema =
        (await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db)).rows[0]?.schema ?? 'public';
      const tables = (
        await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE'`.execute(
          t.db,
        )
      ).rows;
      expect(tables.map((r) => r.name)).toContain('slack_installations');
      let rows = 0;
      for (const { name } of tables) {
        const all = (await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(t.db)).rows;
        rows += all.length;
        for (const { row } of all) {
          expect(row, `table ${name}`).not.toContain(SCHOOL.botToken);
          expect(row, `table ${name}`).not.toMatch(/xox[bpa]-/);
        }
      }
      expect(rows).toBeGreaterThan(10);

      if (schema !== 'public') {
        let dump: string;
        try {
          dump = execFileSync('pg_dump', ['--schema', schema, '--data-only', TEST_DATABASE_URL], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          });
        } catch (error) {
          throw new Error(
            'pg_dump failed: this test needs the PostgreSQL client tools (Debian: postgresql-client) at least as new as the server',
            { cause: error },
          );
        }
        expect(dump).toContain('slack_installations');
        expect(dump).toContain(sealed);
        expect(dump).not.toContain(SCHOOL.botToken);
        expect(dump).not.toMatch(/xox[bpa]-/);
      }
    });
  },
  STORES.filter((kind) => kind.name !== 'memory'),
);
