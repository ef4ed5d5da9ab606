import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEAMS_PER_CHANNEL_INTERVAL_MS } from '../../src/bot/teams/index.js';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import { emptyDigestBody } from '../../src/dialogues/digest/digest-body.js';
import type { OutgoingMessage } from '../../src/dialogues/messages.js';
import type { Delivery, DeliveryTarget } from '../../src/dialogues/ports.js';
import { closeDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { SECOND } from '../support/fake-clock.js';
import {
  ANOUK,
  CHANNEL,
  ILSE,
  TENANT,
  botAdded,
  mentionInChannel,
  personalMessage,
} from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

const HOUR = 3_600_000;
const OTHER = ['19:kanaal-2@thread.tacv2', '19:kanaal-3@thread.tacv2'];

describe('Teams posting: proactive posts, pacing, throttling and unclear failures', () => {
  let app: TeamsTestApp;
  beforeEach(async () => {
    app = await startTeamsTestApp();
    await app.send(botAdded(app.connector.url, ILSE));
  });
  afterEach(async () => app.close());

  const org = async () => (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
  let n = 0;
  async function enqueue(
    target: DeliveryTarget,
    message: OutgoingMessage,
    purpose: Delivery['purpose'] = 'notice',
  ): Promise<string> {
    const id = `delivery-${(n += 1)}`;
    await app.store.deliveries.enqueue({
      id,
      organisationId: await org(),
      dedupeKey: `test:${id}`,
      roundId: null,
      purpose,
      target,
      message,
      locale: 'nl',
      threadOf: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: app.deps.clock.now(),
      leaseUntil: null,
      lastError: null,
      postedRef: null,
      createdAt: app.deps.clock.now(),
      sentAt: null,
    });
    return id;
  }
  const status = async (id: string) => (await app.store.deliveries.get(await org(), id))?.status;

  async function roundInThreeChannels(): Promise<void> {
    for (const channel of [CHANNEL, ...OTHER]) {
      expect((await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7', { channel }))).status).toBe(
        200,
      );
    }
    await app.send(mentionInChannel(app.connector.url, ILSE, 'ronde lezen'));
  }
  const prompts = (channel: string) =>
    app.connector.sent.filter((s) => s.conversationId === channel && s.activityId === null);

  it('posts a round to every bound channel as a new thread, proactively from the stored references', async () => {
    await roundInThreeChannels();
    await app.flush();
    for (const channel of [CHANNEL, ...OTHER]) expect(prompts(channel)).toHaveLength(1);
  });

  it('waits out 429 and 412 with Retry-After and still posts every prompt exactly once', async () => {
    await roundInThreeChannels();
    app.connector.fail({ status: 429, retryAfter: 30 }, { conversation: OTHER[0] });
    app.connector.fail({ status: 412, retryAfter: 5 }, { conversation: OTHER[1] });
    await deliverDue(app.deps, app.channels);
    expect(prompts(CHANNEL)).toHaveLength(1);
    expect(prompts(OTHER[0] ?? '')).toHaveLength(0);
    app.deps.clock.advance(10 * SECOND);
    await deliverDue(app.deps, app.channels);
    expect(prompts(OTHER[1] ?? '')).toHaveLength(1);
    // Nothing is tried again for the throttled channel before its Retry-After has passed.
    expect(app.connector.attempts.filter((a) => a.conversationId === OTHER[0])).toHaveLength(1);
    app.deps.clock.advance(25 * SECOND);
    await app.flush();
    for (const channel of [CHANNEL, ...OTHER]) expect(prompts(channel)).toHaveLength(1);
    expect(app.connector.early).toEqual([]);
    expect((await app.store.deliveries.list(await org())).map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('retries 503 but hands a 500 to a coordinator as unclear instead of posting twice', async () => {
    const binding = await app
      .send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'))
      .then(async () => app.store.bindings.findByChannel('teams', TENANT, CHANNEL));
    const unavailable = await enqueue(
      { kind: 'channel', bindingId: binding?.id ?? '' },
      { kind: 'notice', code: 'welcome', params: {} },
    );
    app.connector.fail({ status: 503 }, { conversation: CHANNEL });
    await app.flush();
    expect(await status(unavailable)).toBe('sent');
    const broken = await enqueue(
      { kind: 'channel', bindingId: binding?.id ?? '' },
      { kind: 'notice', code: 'welcome', params: {} },
    );
    app.connector.fail({ status: 500 }, { conversation: CHANNEL });
    const before = app.connector.attempts.length;
    await app.flush();
    expect(await status(broken)).toBe('unclear');
    expect(app.connector.attempts.length - before).toBe(1);
  });

  it('paces posts to one conversation at 7 a second', async () => {
    expect(TEAMS_PER_CHANNEL_INTERVAL_MS).toBeGreaterThanOrEqual(1000 / 7);
    await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'));
    const binding = await app.store.bindings.findByChannel('teams', TENANT, CHANNEL);
    for (let i = 0; i < 3; i += 1)
      await enqueue({ kind: 'channel', bindingId: binding?.id ?? '' }, { kind: 'notice', code: 'welcome', params: {} });
    const figures = await deliverDue(app.deps, app.channels);
    expect(figures).toMatchObject({ sent: 1, released: 2 });
  });

  it('sends a digest to a leader in their personal chat, creating the chat when there is none', async () => {
    await app.send(mentionInChannel(app.connector.url, ANOUK, 'help'));
    const anouk = await app.store.people.findByIdentity('teams', TENANT, ANOUK.id);
    const digest: OutgoingMessage = {
      kind: 'digest',
      week: '2026-W48',
      scopeName: 'Stichting De Linde',
      body: emptyDigestBody({ from: '2026-11-23', to: '2026-11-29' }),
    };
    const created = await enqueue({ kind: 'person', personId: anouk?.id ?? '', platform: 'teams' }, digest, 'digest');
    await app.flush();
    expect(await status(created)).toBe('sent');
    expect(app.connector.created).toHaveLength(1);
    expect(app.connector.created[0]?.parameters).toMatchObject({ members: [{ id: ANOUK.id }], tenantId: TENANT });
    const chatId = app.connector.created[0]?.id ?? '';
    expect(app.connector.postsTo(chatId)).toHaveLength(1);
    expect(JSON.stringify(app.connector.postsTo(chatId)[0]?.activity)).toContain('2026-W48');

    // A leader who wrote to the bot gets it in that very chat; no new conversation.
    await app.send(personalMessage(app.connector.url, ILSE, 'help'));
    const ilse = await app.store.people.findByIdentity('teams', TENANT, ILSE.id);
    await enqueue({ kind: 'person', personId: ilse?.id ?? '', platform: 'teams' }, digest, 'digest');
    await app.flush();
    expect(app.connector.created).toHaveLength(1);
    expect(
      app.connector
        .postsTo(`a:personal-${ILSE.aadObjectId}`)
        .some((s) => JSON.stringify(s.activity).includes('2026-W48')),
    ).toBe(true);
  });

  it('posts the closing summary in the round thread', async () => {
    await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'));
    await app.send(mentionInChannel(app.connector.url, ILSE, 'ronde lezen'));
    await app.flush();
    const rootId = prompts(CHANNEL)[0]?.id ?? '';
    app.deps.clock.advance(49 * HOUR);
    await closeDueRounds(app.deps);
    await app.flush();
    const inThread = app.connector.postsTo(`${CHANNEL};messageid=${rootId}`);
    expect(inThread.some((s) => String(s.activity.text).includes('Ronde gesloten'))).toBe(true);
  });
});
