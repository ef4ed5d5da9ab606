import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.js';
import {
  commandBody,
  eventBody,
  fixture,
  interactionBody,
  postSigned,
  type SignedOptions,
} from '../support/slack-requests.js';
import { ADMIN, ANOUK, CHANNEL, commandText } from '../support/slack-scenario.js';
import { SIGNING_SECRET, WORKSPACE } from '../support/slack-test-app.js';

/**
 * Slack through the real composition root: `startVijfVragen` with SLACK_* variables, Bolt on the
 * shared HTTP server at POST /slack/events, the embedded database, the real delivery loop, and
 * SLACK_API_URL pointing at the fake Web API. Nothing here is wired by hand.
 */
const BASE: Record<string, string> = {
  DATA_DIR: 'memory://',
  PORT: '0',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'silent',
  DELIVERY_POLL_MS: '50',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  TOKEN_SECRET: 'test-token-secret-test-token-secret-0000',
  PUBLIC_URL: 'https://vijfvragen.example',
};

async function until<T>(what: string, probe: () => T | Promise<T>): Promise<NonNullable<T>> {
  for (let i = 0; i < 600; i += 1) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('Slack on the shared server (startVijfVragen, single workspace)', () => {
  let slack: FakeSlackApi;
  let running: Running;
  let events: string;
  beforeEach(async () => {
    slack = await startFakeSlackApi();
    slack.addWorkspace(WORKSPACE);
    slack.addUser(WORKSPACE.teamId, { id: ADMIN, name: 'Ilse (IB)', is_admin: true, locale: 'nl-NL' });
    slack.addUser(WORKSPACE.teamId, { id: ANOUK, name: 'Anouk', locale: 'nl-NL' });
    const config = loadConfig({ ...BASE, SLACK_BOT_TOKEN: WORKSPACE.botToken, SLACK_API_URL: slack.url });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    events = `${running.url}/slack/events`;
  });
  afterEach(async () => {
    await running.stop();
    await slack.close();
  });

  const command = (text: string, user: string, options: SignedOptions = {}) =>
    postSigned(
      events,
      SIGNING_SECRET,
      commandBody(
        fixture<Record<string, string>>('command-vijfvragen', {
          team: WORKSPACE.teamId,
          channel: CHANNEL,
          channel_name: 'groep-7',
          user,
          user_name: user.toLowerCase(),
          text,
          response_url: `${slack.origin}/respond/1`,
          trigger_id: 'trigger-1',
        }),
      ),
      'application/x-www-form-urlencoded',
      options,
    );
  const event = (payload: unknown, options: SignedOptions = {}) =>
    postSigned(events, SIGNING_SECRET, eventBody(payload), 'application/json', options);
  const thread = (text: string, ts: string, threadTs: string, eventId: string) =>
    fixture('event-message-thread', {
      team: WORKSPACE.teamId,
      bot_user: WORKSPACE.botUserId,
      channel: CHANNEL,
      user: ANOUK,
      text,
      ts,
      thread_ts: threadTs,
      event_id: eventId,
    });

  it('serves url_verification, refuses bad signatures, and hands out dashboard links the same server honours', async () => {
    expect(running.channels.has('slack')).toBe(true);
    const challenge = await event(fixture('event-url-verification', { challenge: 'c-123' }));
    expect(await challenge.json()).toEqual({ challenge: 'c-123' });
    expect((await command('koppel Groep 7', ADMIN, { signature: 'v0=' + 'f'.repeat(64) })).status).toBe(401);
    expect((await command('koppel Groep 7', ADMIN, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(
      401,
    );
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect(await running.app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)).toBeNull();
    expect(slack.callsTo('users.info')).toHaveLength(0);

    // `dashboard`: a short-lived link that this same server turns into a session.
    const reply = await commandText(await command('dashboard', ADMIN));
    expect(reply.type).toBe('ephemeral');
    // The blocks carry the whole link (the notification text may be shortened).
    const link = [...reply.text.matchAll(/https:\/\/vijfvragen\.example(\/auth\/link\?token=[\w.-]+)/g)].at(-1)?.[1];
    expect(link, reply.text).toBeDefined();
    // The expiry is told in the organisation's time zone (Europe/Amsterdam), not in UTC.
    const exp = (JSON.parse(Buffer.from(link?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number })
      .exp;
    const clock = (seconds: number) =>
      new Intl.DateTimeFormat('nl-NL', {
        timeZone: 'Europe/Amsterdam',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(seconds * 1000));
    // The token's exp is whole seconds, the link's expiry is not: either side of a minute may show.
    expect([clock(exp), clock(exp + 1)].some((until) => reply.text.includes(`tot ${until}`))).toBe(true);
    const signIn = await fetch(`${running.url}${link}`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/dashboard');
  });

  it('binds, posts the prompt through the delivery loop, stores a thread reply once before acknowledging, and takes form answers', async () => {
    const { store } = running.app;
    expect((await commandText(await command('koppel Groep 7', ADMIN))).type).toBe('in_channel');
    expect((await commandText(await command('ronde begrijpend lezen', ADMIN))).type).toBe('ephemeral');
    const prompt = await until('the prompt', () => slack.posts(CHANNEL).find((m) => !m.thread_ts));
    expect(prompt.metadata).toMatchObject({
      event_type: 'vijfvragen_delivery',
      event_payload: { delivery_id: expect.any(String) },
    });
    const organisationId = (await store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
    const round = (await store.rounds.list(organisationId, { status: 'open' }))[0];
    expect(round?.theme).toBe('begrijpend lezen');
    await until('the delivery marked sent', async () =>
      (await store.deliveries.list(organisationId)).find((d) => d.status === 'sent'),
    );

    const message = thread('1. Ja, de leesresultaten', '1760100000.000200', prompt.ts, 'EvSERVER0001');
    expect((await event(message)).status).toBe(200);
    // The 200 came after the write: the reply is there without waiting.
    expect(await store.replies.listByRound(organisationId, round?.id ?? '')).toMatchObject([
      { questionKey: 'right_things', text: 'Ja, de leesresultaten' },
    ]);
    // Slack's retries, all at once, and the same message under another event id.
    const again = await Promise.all([
      event(message, { retryNum: 1 }),
      event(message, { retryNum: 2 }),
      event(thread('1. Ja, de leesresultaten', '1760100000.000200', prompt.ts, 'EvSERVER0002')),
    ]);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await store.replies.listByRound(organisationId, round?.id ?? '')).toHaveLength(1);

    // Interactivity on the same endpoint: the button opens the form; submitting stores before answering;
    // the form opened again holds the answers given in it.
    const who = { team: WORKSPACE.teamId, user: ANOUK, user_name: 'anouk', trigger_id: 'trigger-form' };
    // Each click is a new request (its own trigger_id): two identical bodies signed in the same second
    // would be one request replayed, which the endpoint takes once.
    let clicks = 0;
    const click = () =>
      postSigned(
        events,
        SIGNING_SECRET,
        interactionBody(
          fixture('block-actions-button', {
            ...who,
            trigger_id: `trigger-form-${++clicks}`,
            channel: CHANNEL,
            message_ts: prompt.ts,
            response_url: `${slack.origin}/respond/2`,
            action_id: 'vv_answer',
            value: round?.id ?? '',
          }),
        ),
        'application/x-www-form-urlencoded',
      );
    expect((await click()).status).toBe(200);
    expect((slack.callsTo('views.open')[0]?.params.view as { callback_id?: string }).callback_id).toBe('vv_answers');
    const submission = fixture<{ view: { state: { values: unknown } } }>('view-submission', {
      ...who,
      callback_id: 'vv_answers',
      private_metadata: JSON.stringify({ roundId: round?.id }),
    });
    submission.view.state.values = { q_evidence: { answer: { type: 'plain_text_input', value: 'De Cito-scores' } } };
    const saved = await postSigned(
      events,
      SIGNING_SECRET,
      interactionBody(submission),
      'application/x-www-form-urlencoded',
    );
    expect(await saved.json()).toMatchObject({ response_action: 'update' });
    const answers = await store.replies.listByRound(organisationId, round?.id ?? '');
    expect(answers.map((r) => [r.questionKey, r.source]).sort()).toEqual([
      ['evidence', 'form'],
      ['right_things', 'thread'],
    ]);
    await click();
    expect(JSON.stringify(slack.callsTo('views.open')[1]?.params.view)).toContain('De Cito-scores');
  });
});

describe('Slack OAuth on the shared server (installations sealed in the database)', () => {
  const SCHOOL = {
    teamId: 'T0REGENBOOG',
    teamName: 'Stichting De Regenboog',
    botToken: 'xoxb-regenboog-secret-token',
    botUserId: 'U0RBBOT01',
    botId: 'B0RBBOT',
  };
  const INSTALLER = 'U0RBADMIN';
  let slack: FakeSlackApi;
  let running: Running;
  beforeEach(async () => {
    slack = await startFakeSlackApi();
    slack.addUser(SCHOOL.teamId, { id: INSTALLER, name: 'Directeur Regenboog' });
    const config = loadConfig({
      ...BASE,
      SLACK_API_URL: slack.url,
      SLACK_CLIENT_ID: '1234.5678',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret-0123456789',
      ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
  });
  afterEach(async () => {
    await running.stop();
    await slack.close();
  });

  it('installs through /slack/install and /slack/oauth_redirect, keeps only sealed tokens, and posts with them', async () => {
    slack.grantOAuth('code-1', { workspace: SCHOOL, installerUserId: INSTALLER });
    const start = await fetch(`${running.url}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location') ?? '');
    expect(location.searchParams.get('redirect_uri')).toBe('https://vijfvragen.example/slack/oauth_redirect');
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const state = location.searchParams.get('state') ?? '';
    const done = await fetch(`${running.url}/slack/oauth_redirect?code=code-1&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    expect(done.status).toBe(200);

    const organisationId = await running.app.store.workspaces.findOrganisation('slack', SCHOOL.teamId);
    expect((await running.app.store.organisations.get(organisationId ?? ''))?.name).toBe(SCHOOL.teamName);
    // What is at rest: the raw table row, read with SQL, holds no token.
    const rows = await sql<Record<string, unknown>>`select * from slack_installations`.execute(running.app.database.db);
    expect(rows.rows).toHaveLength(1);
    const raw = JSON.stringify(rows.rows[0]);
    expect(raw).not.toContain(SCHOOL.botToken);
    expect(raw).not.toContain('xoxb');

    const fields = new URLSearchParams({
      team_id: SCHOOL.teamId,
      channel_id: 'C0RBGROEP3',
      channel_name: 'groep-3',
      user_id: INSTALLER,
      user_name: 'dir',
      command: '/vijfvragen',
      text: 'koppel Groep 3',
      trigger_id: 't',
      response_url: `${slack.origin}/respond/rb`,
    });
    const bound = await postSigned(
      `${running.url}/slack/events`,
      SIGNING_SECRET,
      fields.toString(),
      'application/x-www-form-urlencoded',
    );
    expect((await commandText(bound)).type).toBe('in_channel');
    fields.set('text', 'ronde rekenen');
    await postSigned(
      `${running.url}/slack/events`,
      SIGNING_SECRET,
      fields.toString(),
      'application/x-www-form-urlencoded',
    );
    const posted = await until('the prompt', () => slack.callsTo('chat.postMessage')[0]);
    expect(posted.token).toBe(SCHOOL.botToken);
  });
});
