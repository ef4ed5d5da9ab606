import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackInstallationRepository } from '../../src/store/slack-installation-repository.js';
import type { Database } from '../../src/store/schema.js';
import { commandBody, eventBody, fixture, interactionBody, postSigned, sign } from '../support/slack-requests.js';
import { ADMIN, ANOUK, CHANNEL, addPeople, bindAndOpenRound, newTs, threadMessage } from '../support/slack-scenario.js';
import { SIGNING_SECRET, WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { countRows, freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';

const PER_KIND = Number(process.env.FAULT_PER_KIND ?? 250);
const WATCHED: (keyof Database)[] = [
  'replies',
  'rounds',
  'deliveries',
  'inbound_events',
  'audit_log',
  'people',
  'identities',
  'channel_bindings',
  'actions',
];

interface Forgery {
  kind: string;
  body: string;
  contentType: string;
  headers: Record<string, string>;
}

/**
 * Scenario 8 (Slack): thousands of forged requests to /slack/events: bad, stale, missing and
 * replayed signatures, a tampered body, a wrong secret, ssl_check and url_verification tricks,
 * each carrying an event, a command or a button that would write if it ran. All refused before
 * any listener runs: no row changes, and Slack's API is not called once.
 */
describe('fault 8: forged Slack requests are refused before any handler runs', () => {
  let database: FreshDatabase;
  let app: SlackTestApp;
  beforeAll(async () => {
    database = await freshDatabase();
    app = await startSlackTestApp({ store: database.store, installations: slackInstallationRepository(database.db) });
    addPeople(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('refuses every forgery and writes nothing', async () => {
    const { roundId, promptTs } = await bindAndOpenRound(app);
    const now = Math.floor(Date.now() / 1000);
    const event = () => eventBody(threadMessage(ANOUK, 'Vervalst antwoord', newTs(), promptTs));
    const command = () =>
      commandBody(
        fixture<Record<string, string>>('command-vijfvragen', {
          team: WORKSPACE.teamId,
          channel: CHANNEL,
          channel_name: 'groep-7',
          user: ADMIN,
          user_name: 'admin',
          text: 'ronde vervalst',
          response_url: `${app.slack.origin}/respond/x`,
          trigger_id: 't',
        }),
      );
    const button = () =>
      interactionBody(
        fixture('block-actions-button', {
          team: WORKSPACE.teamId,
          user: ADMIN,
          user_name: 'admin',
          trigger_id: 't',
          channel: CHANNEL,
          message_ts: promptTs,
          response_url: `${app.slack.origin}/respond/y`,
          action_id: 'vv_close',
          value: roundId,
        }),
      );
    const makers: [string, () => string, string][] = [
      ['event', event, 'application/json'],
      ['command', command, 'application/x-www-form-urlencoded'],
      ['button', button, 'application/x-www-form-urlencoded'],
    ];
    const signed = (secret: string, ts: number, body: string) => ({
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(secret, ts, body),
    });
    const kinds: ((body: string) => Record<string, string> & { body?: string })[] = [
      () => ({ 'x-slack-request-timestamp': String(now), 'x-slack-signature': `v0=${'0'.repeat(64)}` }),
      (body) => signed(SIGNING_SECRET, now - 10 * 60, body),
      // A genuine signature, replayed onto another body.
      () => signed(SIGNING_SECRET, now, event()),
      () => ({ 'x-slack-request-timestamp': String(now) }),
      (body) => ({ 'x-slack-signature': sign(SIGNING_SECRET, now, body) }),
      (body) => signed('not-the-signing-secret-at-all-000000', now, body),
      (body) => signed(SIGNING_SECRET, now, `${body} `),
      (body) => ({
        ...signed(SIGNING_SECRET, now, body),
        'x-slack-signature': sign(SIGNING_SECRET, now, body).replace('v0=', 'v1='),
      }),
    ];
    const forgeries: Forgery[] = [];
    for (let i = 0; i < PER_KIND; i += 1) {
      for (const [name, make, contentType] of makers) {
        const body = make();
        kinds.forEach((headers, k) =>
          forgeries.push({ kind: `${name}/${k}`, body, contentType, headers: headers(body) }),
        );
      }
      // ssl_check with a command smuggled alongside, and an unsigned url_verification.
      forgeries.push({
        kind: 'ssl_check',
        body: `ssl_check=1&token=x&${command()}`,
        contentType: 'application/x-www-form-urlencoded',
        headers: { 'x-slack-request-timestamp': String(now), 'x-slack-signature': 'v0=bad' },
      });
      forgeries.push({
        kind: 'url_verification',
        body: JSON.stringify({ type: 'url_verification', challenge: `c${i}`, token: 'x' }),
        contentType: 'application/json',
        headers: {},
      });
    }

    const before = await Promise.all(WATCHED.map((t) => countRows(database.db, t)));
    const slackCallsBefore = app.slack.calls.length;
    const statuses = new Map<number, number>();
    let accepted = 0;
    const acceptedKinds = new Set<string>();
    const url = `${app.url}/slack/events`;
    for (let i = 0; i < forgeries.length; i += 25) {
      await Promise.all(
        forgeries.slice(i, i + 25).map(async (f) => {
          const at = Date.now();
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': f.contentType, ...f.headers },
            body: f.body,
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status !== 401) acceptedKinds.add(`${f.kind}:${response.status}:${Date.now() - at}ms`);
          if (response.status < 400 || text.includes('challenge')) {
            accepted += 1;
            acceptedKinds.add(`${f.kind}:${response.status}`);
          }
        }),
      );
    }
    const after = await Promise.all(WATCHED.map((t) => countRows(database.db, t)));
    const written = after.reduce((sum, n, i) => sum + n - (before[i] ?? 0), 0);
    const slackCalls = app.slack.calls.length - slackCallsBefore;
    printFigures('8 Slack forged requests', {
      sent: forgeries.length,
      stored: written,
      duplicated: 0,
      lost: 0,
      refused: forgeries.length - accepted,
      slackApiCalls: slackCalls,
      statuses: JSON.stringify(Object.fromEntries(statuses)),
      acceptedKinds: [...acceptedKinds].join(',') || 'none',
    });
    expect(forgeries.length).toBeGreaterThan(2000);
    expect(accepted).toBe(0);
    expect(after).toEqual(before);
    expect(slackCalls).toBe(0);
    // And the real thing still works afterwards.
    expect((await postSigned(url, SIGNING_SECRET, event(), 'application/json')).status).toBe(200);
    expect(await countRows(database.db, 'replies')).toBe((before[0] ?? 0) + 1);
  });
});
