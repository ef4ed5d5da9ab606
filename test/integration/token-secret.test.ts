import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { seedDemoBoard } from '../../src/demo-seed.js';
import type { Template } from '../../src/dialogues/model.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { closeRound } from '../../src/dialogues/round-lifecycle.js';
import { exportPerson } from '../../src/dialogues/privacy/index.js';
import { createLogger } from '../../src/logger.js';
import { createHttpApp, listen } from '../../src/server.js';
import { rekeyTokenSecret } from '../../src/token-secret.js';
import { createTokenBox } from '../../src/bot/slack/token-crypto.js';
import { slackInstallationRepository } from '../../src/store/slack-installation-repository.js';
import { runCli } from '../support/cli.js';
import { TEST_DATABASE_URL } from '../support/db.js';

/**
 * TOKEN_SECRET keys every anonymous answer. A process with another secret (a CLI started with
 * only DATABASE_URL is in local mode, with the built-in secret) used to find none of them:
 * `person export` showed 0 of 2 and `person erase` left both behind. Now the database remembers
 * a fingerprint of the secret it was first used with and every other secret is refused.
 */
const BOT_SECRET = 'bot-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklmnopqrstu';
const ANONYMOUS = ['Anouk anoniem: de werkdruk is te hoog', 'Anouk anoniem: meer tijd voor lezen'];

interface Target {
  name: string;
  env: Record<string, string>;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

function targets(): Target[] {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let dataDir = '';
  const database = () => `vv_token_secret_${randomBytes(4).toString('hex')}`;
  let current = '';
  const pglite: Target = {
    name: 'pglite',
    env: {},
    setUp: async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'vv-token-secret-'));
      pglite.env = { DATA_DIR: dataDir };
    },
    tearDown: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
  const postgres: Target = {
    name: 'postgres',
    env: {},
    setUp: async () => {
      current = database();
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${current}`;
      postgres.env = { DATABASE_URL: url.toString() };
      await admin(`create database ${current}`);
    },
    tearDown: () => admin(`drop database if exists ${current} with (force)`),
  };
  return [pglite, postgres];
}

/** Opens the database as the bot would (no HTTP), with `secret` as its TOKEN_SECRET. */
async function asBot<T>(
  env: Record<string, string>,
  secret: string | null,
  work: (app: App) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ ...env, ...(secret ? { TOKEN_SECRET: secret } : {}), SEED_DEMO: 'false' });
  const app = await openApp(config, { log: createLogger('silent') });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** The demo board, with an anonymous round that Anouk answered twice, closed. */
async function boardWithAnonymousAnswers(app: App): Promise<{ roundId: string; anoukId: string }> {
  const board = await seedDemoBoard(app.deps);
  if (!board) throw new Error('not seeded');
  const team = board.teams.find((t) => t.name === 'Groep 1-2');
  const anouk = (await app.store.people.list(board.organisationId)).find((p) => p.displayName === 'Anouk de Vries');
  if (!team || !anouk) throw new Error('demo board changed');
  const template: Template = {
    id: app.deps.newId(),
    organisationId: board.organisationId,
    name: 'Welzijn',
    theme: 'welzijn',
    aspect: 'hrm',
    questions: [{ key: 'right_things' }, { key: 'evidence' }],
    metricKeys: [],
    responseWindowHours: 48,
    remindAfterHours: null,
    anonymous: true,
    audience: 'team',
    shareWhileOpen: false,
    createdAt: app.deps.clock.now(),
  };
  const opened = await openRound(app.deps, {
    organisationId: board.organisationId,
    teamId: team.id,
    trigger: 'ad_hoc',
    triggeredBy: board.coordinatorId,
    template,
    theme: 'welzijn',
  });
  if (!opened.ok) throw new Error(opened.code);
  const roundId = opened.value.round.id;
  const answered = await recordAnswers(app.deps, {
    organisationId: board.organisationId,
    roundId,
    personId: anouk.id,
    source: 'web',
    platform: 'web',
    answers: [
      { key: 'right_things', text: ANONYMOUS[0] ?? '' },
      { key: 'evidence', text: ANONYMOUS[1] ?? '' },
    ],
  });
  if (!answered.ok) throw new Error(answered.code);
  const closed = await closeRound(app.deps, board.organisationId, roundId, board.coordinatorId);
  if (!closed.ok) throw new Error(closed.code);
  return { roundId, anoukId: anouk.id };
}

async function storedTexts(env: Record<string, string>, secret: string): Promise<string[]> {
  return asBot(env, secret, async (app) => {
    const [organisation] = await app.store.organisations.list();
    if (!organisation) return [];
    const rounds = await app.store.rounds.list(organisation.id);
    const replies = (await Promise.all(rounds.map((r) => app.store.replies.listByRound(organisation.id, r.id)))).flat();
    return replies.map((r) => r.text);
  });
}

async function anonymousExported(env: Record<string, string>, secret: string): Promise<string[]> {
  return asBot(env, secret, async (app) => {
    const [organisation] = await app.store.organisations.list();
    const anouk = organisation
      ? (await app.store.people.list(organisation.id)).find((p) => p.displayName === 'Anouk de Vries')
      : undefined;
    if (!organisation || !anouk) throw new Error('no Anouk');
    const exported = await exportPerson(app.deps, organisation.id, anouk.id);
    if (!exported.ok) throw new Error(exported.code);
    return exported.value.replies
      .filter((r) => r.anonymous)
      .map((r) => r.text)
      .sort();
  });
}

// The command line is started as a separate process (as an operator would); on a busy machine
// each start takes long, so the CLI runs only where the CLI is the point and the rest runs in process.
const CLI_TEST_MS = 900_000;

for (const target of targets()) {
  describe(`TOKEN_SECRET is the one the database was first used with [${target.name}]`, () => {
    beforeEach(() => target.setUp(), 60_000);
    afterEach(() => target.tearDown(), 60_000);
    const cli = (env: Record<string, string>, ...args: string[]) => runCli({ ...target.env, ...env }, ...args);

    it(
      "refuses a CLI without the bot's TOKEN_SECRET instead of missing anonymous answers; with it, export finds them and guest links open",
      async () => {
        const { roundId } = await asBot(target.env, BOT_SECRET, boardWithAnonymousAnswers);

        // Only DATABASE_URL or DATA_DIR: local mode, the built-in secret. It used to print "0 replies" and erase the person.
        const refused = await cli({}, 'person', 'erase', '--person', 'Anouk de Vries', '--yes');
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain('TOKEN_SECRET: not set, but this database was first used with a TOKEN_SECRET');
        expect(refused.stderr).not.toMatch(/\n\s+at /); // a clear line, no stack trace
        expect(refused.stdout).toBe('');
        expect(await storedTexts(target.env, BOT_SECRET)).toEqual(expect.arrayContaining(ANONYMOUS));
        await expect(asBot(target.env, OTHER_SECRET, async () => undefined)).rejects.toThrow(
          /TOKEN_SECRET: differs from the secret this database was first used with/,
        );

        const exported = await cli({ TOKEN_SECRET: BOT_SECRET }, 'person', 'export', '--person', 'Anouk de Vries');
        expect(exported.code).toBe(0);
        const body = JSON.parse(exported.stdout) as { replies: { text: string; anonymous: boolean }[] };
        expect(
          body.replies
            .filter((r) => r.anonymous)
            .map((r) => r.text)
            .sort(),
        ).toEqual([...ANONYMOUS].sort());

        const invited = await cli(
          { TOKEN_SECRET: BOT_SECRET },
          'guest',
          'invite',
          '--round',
          roundId,
          '--name',
          'MR De Regenboog',
          '--json',
        );
        expect(invited.code).toBe(0);
        const { url } = JSON.parse(invited.stdout) as { url: string };
        await asBot(target.env, BOT_SECRET, async (app) => {
          const server = await listen(createHttpApp(app, []), '127.0.0.1', 0);
          try {
            expect((await fetch(`${server.url}${new URL(url).pathname}`)).status).toBe(200);
          } finally {
            await server.close();
          }
        });
      },
      CLI_TEST_MS,
    );

    it(
      'refuses a real TOKEN_SECRET on a database keyed in local mode, says how to proceed, and re-keys on request',
      async () => {
        await asBot(target.env, null, boardWithAnonymousAnswers);
        await expect(asBot(target.env, BOT_SECRET, async () => undefined)).rejects.toThrow(
          /TOKEN_SECRET: this database was first used in local mode.*vijfvragen token-secret rekey/s,
        );

        const rekeyed = await cli({ TOKEN_SECRET: BOT_SECRET }, 'token-secret', 'rekey');
        expect(rekeyed.code).toBe(0);
        expect(rekeyed.stdout).toContain('Re-keyed 2 replies');
        expect(await anonymousExported(target.env, BOT_SECRET)).toEqual([...ANONYMOUS].sort());
        // The built-in secret is refused from now on.
        await expect(asBot(target.env, null, async () => undefined)).rejects.toThrow(/TOKEN_SECRET: not set/);
      },
      CLI_TEST_MS,
    );

    it('lets a real TOKEN_SECRET take over a local-mode database that holds nothing keyed yet, and keeps it', async () => {
      await asBot(target.env, null, (app) => seedDemoBoard(app.deps));
      expect(await asBot(target.env, BOT_SECRET, async (app) => (await app.store.organisations.list()).length)).toBe(1);
      await expect(asBot(target.env, OTHER_SECRET, async () => undefined)).rejects.toThrow(/TOKEN_SECRET: differs/);
      await expect(asBot(target.env, null, async () => undefined)).rejects.toThrow(/TOKEN_SECRET: not set/);
    }, 300_000);

    it('checks a database from before fingerprints against its stored answers', async () => {
      await asBot(target.env, BOT_SECRET, async (app) => {
        await boardWithAnonymousAnswers(app);
        // As an older version left it: answers, and no fingerprint.
        await app.database.db.deleteFrom('secret_fingerprints').execute();
      });
      await expect(asBot(target.env, null, async () => undefined)).rejects.toThrow(
        /TOKEN_SECRET: differs from the secret the stored answers were made with/,
      );
      await expect(asBot(target.env, OTHER_SECRET, async () => undefined)).rejects.toThrow(/TOKEN_SECRET/);
      expect(await anonymousExported(target.env, BOT_SECRET)).toEqual([...ANONYMOUS].sort());
      await expect(asBot(target.env, OTHER_SECRET, async () => undefined)).rejects.toThrow(
        /TOKEN_SECRET: differs from the secret this database was first used with/,
      );
    }, 300_000);

    it('refuses another ENCRYPTION_KEY than the one the Slack installations were sealed with', async () => {
      const KEY_A = Buffer.alloc(32, 7).toString('base64');
      const KEY_B = Buffer.alloc(32, 9).toString('base64');
      const open = async (key: string, work: (app: App) => Promise<void> = async () => undefined) => {
        const app = await openApp(
          loadConfig({ ...target.env, TOKEN_SECRET: BOT_SECRET, ENCRYPTION_KEY: key, SEED_DEMO: 'false' }),
          { log: createLogger('silent') },
        );
        try {
          await work(app);
        } finally {
          await app.close();
        }
      };
      await open(KEY_A, async (app) => {
        const board = await seedDemoBoard(app.deps);
        const now = new Date();
        const sealed = createTokenBox(KEY_A).seal(JSON.stringify({ bot: { token: 'xoxb-sealed' } }), 'T0SEALED1');
        await slackInstallationRepository(app.database.db).save({
          teamId: 'T0SEALED1',
          enterpriseId: null,
          organisationId: board?.organisationId ?? '',
          botUserId: 'U0BOT',
          sealed,
          installedAt: now,
          updatedAt: now,
        });
      });
      await expect(open(KEY_B)).rejects.toThrow(
        /ENCRYPTION_KEY: differs from the key the stored Slack installations were sealed with/,
      );
      await open(KEY_A);
      // A database from before fingerprints: the installation itself tells.
      await open(
        KEY_A,
        async (app) =>
          void (await app.database.db.deleteFrom('secret_fingerprints').where('name', '=', 'encryption_key').execute()),
      );
      await expect(open(KEY_B)).rejects.toThrow(/ENCRYPTION_KEY/);
      await open(KEY_A);
    }, 300_000);

    it('changes the secret on purpose only from the right previous secret', async () => {
      await asBot(target.env, BOT_SECRET, boardWithAnonymousAnswers);
      const database = await openApp(loadConfig({ ...target.env, TOKEN_SECRET: OTHER_SECRET }), {
        guardTokenSecret: false,
        log: createLogger('silent'),
      });
      try {
        await expect(
          rekeyTokenSecret(database.database.db, {
            previous: 'not-the-previous-secret',
            next: OTHER_SECRET,
            now: new Date(),
          }),
        ).rejects.toThrow(/PREVIOUS_TOKEN_SECRET/);
        expect(
          await rekeyTokenSecret(database.database.db, { previous: BOT_SECRET, next: OTHER_SECRET, now: new Date() }),
        ).toEqual({ replies: 2, unmatched: 0 });
      } finally {
        await database.close();
      }
      expect(await anonymousExported(target.env, OTHER_SECRET)).toEqual([...ANONYMOUS].sort());
      await expect(asBot(target.env, BOT_SECRET, async () => undefined)).rejects.toThrow(/TOKEN_SECRET: differs/);
    }, 300_000);
  });
}
