import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signWebToken, SESSION_COOKIE } from '../../src/bot/web/session.js';
import type { Running } from '../../src/main.js';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.js';
import { sign } from '../support/slack-requests.js';
import { SIGNING_SECRET, WORKSPACE } from '../support/slack-test-app.js';
import { BOT_TEST_TIMEOUT, forEachDatabase, rawRequest } from '../support/running-bot.js';

/**
 * Arbitrary requests against every public endpoint of the whole bot (Slack, Teams, dashboard,
 * web channel, guest links, Teams tab, sign-in, probes), with and without a valid session, a
 * valid Slack signature and the right Host. Every answer must be 2xx, 3xx or 4xx, never 5xx and
 * never a stack trace, and a 4xx must leave every table's row count as it was.
 * Fixed seed; runs kept modest so the normal suite stays fast (FUZZ_RUNS to go further).
 */
const SEED = 20261205;
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const TOKEN_SECRET = 'fuzz-token-secret-fuzz-token-secret-0000';
const STACK = /\bat .*\.(?:ts|js):\d+/;

interface Target {
  url: string;
  host: string;
  ids: string[];
  cookie: string;
  db: Kysely<unknown>;
}

const PATHS = [
  '/',
  '/healthz',
  '/readyz',
  '/auth/link?token={id}',
  '/slack/events',
  '/slack/install',
  '/slack/oauth_redirect?code={id}&state={id}',
  '/api/messages',
  '/teams/tab',
  '/teams/tab/config',
  '/teams/tab/session',
  '/guest/{id}',
  '/web',
  '/web/signin',
  '/web/channels/{id}',
  '/web/channels/{id}/version',
  '/web/channels/{id}/rounds',
  '/web/channels/{id}/command',
  '/web/rounds/{id}/answers',
  '/web/rounds/{id}/thread',
  '/web/rounds/{id}/close',
  '/dashboard',
  '/dashboard/teams/{id}',
  '/dashboard/rounds/{id}',
  '/dashboard/teams/{id}/chart.png',
  '/dashboard/actions/{id}',
  '/dashboard/outcomes',
  '/dashboard/outcomes/import',
  '/dashboard/schedules',
  '/dashboard/digest?week={id}',
  '/dashboard/digest/chart.png?week={id}',
  '/dashboard/privacy',
  '/dashboard/privacy/retention',
  '/dashboard/privacy/people/{id}/export',
  '/dashboard/privacy/people/{id}/erase',
  '/charts/digest/{id}/{id}/{id}.png',
  '/{id}',
];
const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xx',
  'text/plain',
  'application/octet-stream',
  '',
];

const activityLike = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('message', 'conversationUpdate', 'invoke', 'installationUpdate'),
      fc.string(),
      fc.integer(),
    ),
    serviceUrl: fc.oneof(fc.constant('http://127.0.0.1:9/'), fc.string()),
    from: fc.oneof(fc.record({ id: fc.string(), name: fc.string() }), fc.string()),
    recipient: fc.record({ id: fc.string() }),
    conversation: fc.oneof(
      fc.record({ id: fc.string(), tenantId: fc.string(), conversationType: fc.constantFrom('channel', 'personal') }),
      fc.constant(null),
    ),
    text: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
    value: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.constant(undefined)),
    name: fc.constantFrom('adaptiveCard/action', 'x'),
  },
  { requiredKeys: [] },
);
const slackLike = fc.oneof(
  fc
    .record(
      {
        type: fc.constantFrom('event_callback', 'url_verification', 'x'),
        team_id: fc.string(),
        event_id: fc.string(),
        challenge: fc.string(),
        event: fc.oneof(
          fc.record(
            {
              type: fc.constantFrom('message', 'app_home_opened', 'member_joined_channel'),
              channel: fc.string(),
              user: fc.string(),
              text: fc.string(),
              ts: fc.string(),
              thread_ts: fc.string(),
            },
            { requiredKeys: ['type'] },
          ),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        command: fc.constant('/vijfvragen'),
        text: fc.string(),
        team_id: fc.oneof(fc.constant(WORKSPACE.teamId), fc.string()),
        user_id: fc.string(),
        channel_id: fc.string(),
        response_url: fc.constant('http://127.0.0.1:9/respond'),
      },
      { requiredKeys: [] },
    )
    .map((v) => new URLSearchParams(v).toString()),
  fc.jsonValue().map((v) => new URLSearchParams({ payload: JSON.stringify(v) }).toString()),
  fc
    .record(
      {
        type: fc.constantFrom('block_actions', 'view_submission'),
        team: fc.record({ id: fc.constant(WORKSPACE.teamId) }),
        user: fc.record({ id: fc.string() }),
        actions: fc.array(fc.record({ action_id: fc.string(), value: fc.string() })),
        view: fc.record({
          callback_id: fc.string(),
          private_metadata: fc.string(),
          state: fc.record({ values: fc.dictionary(fc.string(), fc.jsonValue()) }),
        }),
      },
      { requiredKeys: ['type'] },
    )
    .map((v) => new URLSearchParams({ payload: JSON.stringify(v) }).toString()),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc
    .dictionary(
      fc.constantFrom(
        'text',
        'answer',
        'right_things',
        'next_steps',
        'name',
        'days',
        'status',
        'owner',
        'due',
        'person',
        'confirm',
        'token',
        'command',
        'theme',
        fc.string() as never,
      ),
      fc.string({ maxLength: 200 }),
    )
    .map((v) => new URLSearchParams(v).toString()),
  activityLike.map((v) => JSON.stringify(v)),
  slackLike,
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.constantFrom(...PATHS),
  id: fc.oneof(
    fc.constant('known'),
    fc.constant('known'),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('..%2F..%2Fetc', '%00', '%E0%A4%A', 'x'.repeat(3000), '2026-W47', '1e400'),
  ),
  contentType: fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.string({ maxLength: 40 })),
  session: fc.constantFrom('valid', 'valid', 'none', 'forged'),
  slackSigned: fc.boolean(),
  host: fc.constantFrom('ours', 'ours', 'ours', 'ours', 'ours', 'ours', 'ours', 'other'),
  origin: fc.constantFrom('same', 'same', 'same', 'same', 'none', 'null', 'not a url'),
  extraHeader: fc.option(
    fc.tuple(
      fc.constantFrom('x-slack-retry-num', 'authorization', 'accept-language', 'x-forwarded-for', 'if-none-match'),
      fc.string({ maxLength: 60 }),
    ),
  ),
  body,
});

async function rowCounts(db: Kysely<unknown>): Promise<Record<string, number>> {
  const tables = (
    await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(
      db,
    )
  ).rows.map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const name of tables)
    counts[name] = Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db)).rows[0]?.n ?? 0,
    );
  return counts;
}

forEachDatabase('HTTP fuzz over every public endpoint', (t) => {
  let slack: FakeSlackApi;
  let running: Running;
  let target: Target;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
    slack.addWorkspace(WORKSPACE);
    running = await t.start({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: WORKSPACE.botToken,
      SLACK_API_URL: slack.url,
      TEAMS_LOCAL_NO_AUTH: 'true',
      TOKEN_SECRET,
      WEB_CHANNEL: 'true',
      SEED_DEMO: 'true',
    });
    const { store } = running.app;
    const organisation = (await store.organisations.list())[0];
    if (!organisation) throw new Error('no demo organisation');
    const people = await store.people.list(organisation.id);
    const coordinator = people.find((p) => p.displayName.includes('Ilse')) ?? people[0];
    const ids = [
      organisation.id,
      ...people.map((p) => p.id),
      ...(await store.teams.list(organisation.id)).map((team) => team.id),
    ];
    const cookie = `${SESSION_COOKIE}=${await signWebToken(TOKEN_SECRET, { organisationId: organisation.id, personId: coordinator?.id ?? '' }, 'session', 3600)}`;
    target = {
      url: running.url,
      host: new URL(running.url).host,
      ids,
      cookie,
      db: running.app.database.db as unknown as Kysely<unknown>,
    };
  }, BOT_TEST_TIMEOUT);
  afterAll(async () => slack?.close());

  it(
    'answers arbitrary requests with 2xx–4xx, never 5xx or a stack trace; a 4xx writes nothing',
    async () => {
      const figures = { tried: 0, refused: 0, accepted: 0, redirected: 0, serverErrors: 0, rowsWrittenBy4xx: 0 };
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const id =
            r.id === 'known' ? (target.ids[r.path.length % target.ids.length] ?? 'x') : encodeURIComponent(r.id);
          const path = r.path.replaceAll('{id}', id);
          const headers: Record<string, string> = { host: r.host === 'ours' ? target.host : 'rebind.attacker.example' };
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.session === 'valid') headers.cookie = target.cookie;
          if (r.session === 'forged') headers.cookie = `${SESSION_COOKIE}=eyJhbGciOiJIUzI1NiJ9.e30.forged`;
          if (r.origin === 'same') headers.origin = target.url;
          if (r.origin === 'null') headers.origin = 'null';
          if (r.origin === 'not a url') headers.origin = 'not a url';
          if (r.extraHeader) headers[r.extraHeader[0]] = r.extraHeader[1].replace(/[^\x20-\x7e]/g, '');
          const sent = r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body;
          if (r.slackSigned && path === '/slack/events') {
            const timestamp = Math.floor(Date.now() / 1000);
            headers['x-slack-request-timestamp'] = String(timestamp);
            headers['x-slack-signature'] = sign(SIGNING_SECRET, timestamp, sent ?? '');
          }
          const before = await rowCounts(target.db);
          const res = await rawRequest(target.url, {
            method: r.method,
            path,
            headers,
            ...(sent === undefined ? {} : { body: sent }),
          });
          figures.tried += 1;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const what = `${r.method} ${path.slice(0, 80)} → ${res.status}`;
          if (res.status >= 500) {
            figures.serverErrors += 1;
            failures.push(`${what}: ${res.body.slice(0, 200)}`);
          } else if (res.status >= 400) {
            figures.refused += 1;
            const after = await rowCounts(target.db);
            const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
            if (changed.length > 0) {
              figures.rowsWrittenBy4xx += 1;
              failures.push(`${what} wrote rows in ${changed.join(', ')}`);
            }
          } else if (res.status >= 300) figures.redirected += 1;
          else figures.accepted += 1;
          if (STACK.test(res.body)) failures.push(`${what}: stack trace in the body`);
          return true;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      console.log(
        `[fuzz] http ${running.app.database.kind}: tried=${figures.tried} refused(4xx)=${figures.refused} accepted(2xx)=${figures.accepted} redirected(3xx)=${figures.redirected} 5xx=${figures.serverErrors} rowsWrittenBy4xx=${figures.rowsWrittenBy4xx} statuses=${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
      );
      expect(failures).toEqual([]);
    },
    BOT_TEST_TIMEOUT * 2,
  );
});
