import { emptyDigestBody } from '../../src/dialogues/digest/digest-body.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import { closeDueRounds, remindDueRounds } from '../../src/dialogues/round-lifecycle.js';
import {
  ADMIN,
  ANOUK,
  BRAM,
  CHANNEL,
  addPeople,
  bindAndOpenRound,
  commandText,
  flush,
  newTs,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const CHANNELS = ['C0KANAAL1', 'C0KANAAL2', 'C0KANAAL3'];

describe('Slack posting: rate limits, unclear failures, reminders and summaries', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  const postsTo = (channel: string) =>
    app.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
  const deliveries = async () => {
    const organisationId = (await app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
    return app.store.deliveries.list(organisationId);
  };

  /** One team in three channels: a round posts three prompts. */
  async function roundInThreeChannels(): Promise<void> {
    for (const channel of CHANNELS) {
      expect((await commandText(await app.command('koppel Groep 7', ADMIN, channel))).type).toBe('in_channel');
    }
    await app.command('ronde lezen', ADMIN, CHANNELS[0] ?? '');
  }

  it('waits out a 429 Retry-After and still posts every prompt exactly once', async () => {
    await roundInThreeChannels();
    app.slack.script('chat.postMessage', { status: 429, retryAfter: 30 }, { channel: CHANNELS[1] });
    await deliverDue(app.deps, app.channels);
    expect(app.slack.posts(CHANNELS[0] ?? '')).toHaveLength(1);
    expect(postsTo(CHANNELS[1] ?? '')).toHaveLength(1);
    expect(app.slack.posts(CHANNELS[1] ?? '')).toHaveLength(0);

    // Before Retry-After has passed nothing is tried again for that channel.
    for (const step of [5, 10, 10]) {
      app.deps.clock.advance(step * SECOND);
      await deliverDue(app.deps, app.channels);
      expect(postsTo(CHANNELS[1] ?? '')).toHaveLength(1);
    }
    app.deps.clock.advance(6 * SECOND);
    for (let i = 0; i < 5; i += 1) {
      await deliverDue(app.deps, app.channels);
      app.deps.clock.advance(2 * SECOND);
    }
    for (const channel of CHANNELS) expect(app.slack.posts(channel)).toHaveLength(1);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('after an unclear failure looks in the channel history instead of posting twice', async () => {
    await roundInThreeChannels();
    // Slack stores the post, but the answer never arrives.
    app.slack.script('chat.postMessage', { lose: true }, { channel: CHANNELS[0] });
    for (let i = 0; i < 10; i += 1) {
      await deliverDue(app.deps, app.channels);
      app.deps.clock.advance(60 * SECOND);
    }
    const posts = app.slack.posts(CHANNELS[0] ?? '');
    expect(posts).toHaveLength(1);
    const history = app.slack.callsTo('conversations.history').filter((c) => c.params.channel === CHANNELS[0]);
    expect(history.length).toBeGreaterThan(0);
    expect(history[0]?.params.include_all_metadata).toBe('true');
    const prompt = (await deliveries()).find(
      (d) => d.target.kind === 'channel' && posts[0]?.metadata?.event_payload.delivery_id === d.id,
    );
    expect(prompt).toMatchObject({ status: 'sent', postedRef: posts[0]?.ts });
  });

  it('posts again after a 500 when the history shows it did not arrive, and gives up on a gone channel', async () => {
    await roundInThreeChannels();
    app.slack.script('chat.postMessage', { status: 500 }, { channel: CHANNELS[0] });
    app.slack.script('chat.postMessage', { error: 'channel_not_found' }, { channel: CHANNELS[2] });
    for (let i = 0; i < 10; i += 1) {
      await deliverDue(app.deps, app.channels);
      app.deps.clock.advance(60 * SECOND);
    }
    expect(app.slack.posts(CHANNELS[0] ?? '')).toHaveLength(1);
    expect(app.slack.posts(CHANNELS[2] ?? '')).toHaveLength(0);
    const byChannel = new Map<string, string>();
    for (const d of await deliveries()) {
      const binding =
        d.target.kind === 'channel' ? await app.store.bindings.get(d.organisationId, d.target.bindingId) : null;
      byChannel.set(binding?.channelId ?? '', d.status);
    }
    expect(Object.fromEntries(byChannel)).toEqual({
      [CHANNELS[0] ?? '']: 'sent',
      [CHANNELS[1] ?? '']: 'sent',
      [CHANNELS[2] ?? '']: 'failed',
    });
  });

  it('sends a digest to a leader by direct message, and after a lost answer finds it in the DM', async () => {
    const { organisationId } = await bindAndOpenRound(app);
    const leader = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, ADMIN);
    const now = app.deps.clock.now();
    await app.store.deliveries.enqueue({
      id: 'digest-1',
      organisationId,
      dedupeKey: `digest:${leader?.id}:2026-W48`,
      roundId: null,
      purpose: 'digest',
      target: { kind: 'person', personId: leader?.id ?? '', platform: 'slack' },
      message: { kind: 'digest', week: '2026-W48', scopeName: 'Stichting De Linde', body: emptyDigestBody() },
      locale: 'nl',
      threadOf: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      postedRef: null,
      createdAt: now,
      sentAt: null,
    });
    app.slack.script('chat.postMessage', { lose: true }, { channel: ADMIN });
    for (let i = 0; i < 5; i += 1) {
      await deliverDue(app.deps, app.channels);
      app.deps.clock.advance(60 * SECOND);
    }
    const dm = app.slack.posts(`D${ADMIN.slice(1)}`);
    expect(dm).toHaveLength(1);
    expect(dm[0]?.metadata?.event_payload.delivery_id).toBe('digest-1');
    expect(app.slack.callsTo('conversations.open')).toHaveLength(1);
    expect(await app.store.deliveries.get(organisationId, 'digest-1')).toMatchObject({
      status: 'sent',
      postedRef: dm[0]?.ts,
    });
  });

  it('reminds in the thread and by direct message only those who have not answered', async () => {
    const { promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '1. Ja', newTs(), promptTs));
    app.deps.clock.advance(24 * HOUR);
    expect(await remindDueRounds(app.deps)).toBe(1);
    await flush(app);
    const inThread = app.slack.posts(CHANNEL).filter((m) => m.thread_ts === promptTs);
    expect(inThread).toHaveLength(1);
    expect(inThread[0]?.text).toContain('Herinnering');
    const dms = app.slack.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('U'));
    expect(dms.map((c) => c.params.channel).sort()).toEqual([ADMIN, BRAM].sort());
    expect(JSON.stringify(dms[0]?.params.blocks)).toContain('vv_answer');
  });

  it('sends no reminder DMs when the reminder only goes out in quiet hours', async () => {
    const { promptTs } = await bindAndOpenRound(app);
    app.deps.clock.advance(24 * HOUR);
    expect(await remindDueRounds(app.deps)).toBe(1);
    app.deps.clock.advance(10 * HOUR); // Tuesday 19:00 in Amsterdam: the worker was down all day
    await flush(app);
    expect(app.slack.posts(CHANNEL).filter((m) => m.thread_ts === promptTs)).toHaveLength(1);
    expect(app.slack.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('U'))).toHaveLength(
      0,
    );
  });

  it('closes the round with a summary in the prompt thread', async () => {
    const { promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '3. De toetsen', newTs(), promptTs));
    await app.event(threadMessage(BRAM, 'Mooi initiatief', newTs(), promptTs));
    app.deps.clock.advance(49 * HOUR);
    expect(await closeDueRounds(app.deps)).toBe(1);
    await flush(app);
    const summary = app.slack.posts(CHANNEL).find((m) => m.thread_ts === promptTs && m.text.includes('gesloten'));
    expect(summary).toBeDefined();
    expect(JSON.stringify(summary?.blocks)).toContain('2 deelnemers');
  });
});
