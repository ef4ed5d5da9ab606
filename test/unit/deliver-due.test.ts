import { describe, expect, it } from 'vitest';
import { deliverDue, type DeliveryOptions } from '../../src/dialogues/deliver-due.js';
import { backoffMs, BACKOFF_CAP_MS, retryDelayMs } from '../../src/dialogues/delivery-policy.js';
import type { Platform } from '../../src/dialogues/model.js';
import { openRound, promptKey } from '../../src/dialogues/open-round.js';
import type { ChatChannel, Delivery } from '../../src/dialogues/ports.js';
import { closeDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { aDelivery, aPerson, seedScheduledBoard, testDeps } from '../support/builders.js';
import { fakeClock, HOUR, SECOND } from '../support/fake-clock.js';
import { createMemoryStore } from '../support/memory-store.js';
import { recordingChannel, type RecordingChannelOptions } from '../support/recording-channel.js';

async function scene(channelOptions: RecordingChannelOptions = {}, teams = 1) {
  const store = createMemoryStore();
  const clock = fakeClock('2026-11-23T08:00:00Z');
  const deps = testDeps(store, clock);
  const board = await seedScheduledBoard(store, { teams, createdAt: clock.now() });
  const slack = recordingChannel({ clock, ...channelOptions });
  const channels = new Map<Platform, ChatChannel>([['slack', slack]]);
  // Backoff jitter pinned to zero: 1 s, 2 s, 4 s …
  const deliver = (options: DeliveryOptions = {}) => deliverDue(deps, channels, { random: () => 0, ...options });
  const binding = board.bindings[0];
  if (!binding) throw new Error('no binding');
  /** A notice to a team channel, due now. */
  const notice = async (overrides: Partial<Delivery> = {}) => {
    const delivery = aDelivery(board.organisationId, {
      target: { kind: 'channel', bindingId: binding.id },
      nextAttemptAt: clock.now(),
      createdAt: clock.now(),
      ...overrides,
    });
    await store.deliveries.enqueue(delivery);
    return delivery;
  };
  const get = async (id: string) => {
    const found = await store.deliveries.get(board.organisationId, id);
    if (!found) throw new Error(`delivery ${id} missing`);
    return found;
  };
  const openTeamRound = async () => {
    const opened = await openRound(deps, {
      organisationId: board.organisationId,
      teamId: binding.teamId,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: board.template,
    });
    if (!opened.ok) throw new Error(opened.code);
    return opened.value.round;
  };
  return { store, clock, deps, board, binding, slack, channels, deliver, notice, get, openTeamRound };
}

describe('delivering due posts', () => {
  it('posts a due delivery once and records where it went', async () => {
    const s = await scene();
    const d = await s.notice();
    expect(await s.deliver()).toEqual({
      claimed: 1,
      sent: 1,
      retried: 0,
      failed: 0,
      unclear: 0,
      skipped: 0,
      released: 0,
      held: 0,
    });
    expect(await s.get(d.id)).toMatchObject({
      status: 'sent',
      postedRef: 'post-1',
      attempts: 1,
      sentAt: s.clock.now(),
    });
    expect(s.slack.sends[0]?.destination).toMatchObject({
      kind: 'channel',
      binding: { id: s.binding.id },
      threadRef: null,
    });
    expect(await s.deliver()).toMatchObject({ claimed: 0 });
  });

  it('honours Retry-After: not claimable before it, and the channel waits too', async () => {
    const s = await scene();
    s.slack.script({ status: 'retry', reason: 'ratelimited', retryAfterMs: 30 * SECOND });
    const first = await s.notice();
    expect(await s.deliver()).toMatchObject({ retried: 1 });
    expect(await s.get(first.id)).toMatchObject({
      status: 'pending',
      lastError: 'ratelimited',
      nextAttemptAt: new Date(s.clock.now().getTime() + 30 * SECOND),
    });

    const second = await s.notice(); // another post to the same channel, due now
    expect(await s.deliver()).toMatchObject({ claimed: 1, released: 1 });
    expect((await s.get(second.id)).attempts).toBe(0); // a release is not an attempt
    s.clock.advance(29 * SECOND);
    expect(await s.deliver()).toMatchObject({ claimed: 0 });
    s.clock.advance(1 * SECOND);
    expect(await s.deliver()).toMatchObject({ claimed: 2, sent: 2 });
    expect(s.slack.sends).toHaveLength(3);
  });

  it('hands a paced post back until its slot: no attempt counted, no look-back check when it comes again', async () => {
    const s = await scene({ findPosted: true });
    s.slack.script({ status: 'paced', reason: 'slack: workspace posting pace', retryAfterMs: 5 * SECOND });
    const first = await s.notice();
    expect(await s.deliver()).toMatchObject({ claimed: 1, released: 1, retried: 0 });
    expect(await s.get(first.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(s.clock.now().getTime() + 5 * SECOND),
    });
    s.clock.advance(4 * SECOND);
    expect(await s.deliver()).toMatchObject({ claimed: 0 });
    s.clock.advance(1 * SECOND);
    expect(await s.deliver()).toMatchObject({ claimed: 1, sent: 1 });
    expect(s.slack.checks).toHaveLength(0);
    expect(await s.get(first.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('backs off exponentially from the attempt count, capped at ten minutes', async () => {
    const s = await scene();
    s.slack.script(...Array.from({ length: 3 }, () => ({ status: 'retry' as const, reason: 'connection refused' })));
    const d = await s.notice();
    const gaps: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await s.deliver();
      const row = await s.get(d.id);
      gaps.push(row.nextAttemptAt.getTime() - s.clock.now().getTime());
      s.clock.set(row.nextAttemptAt);
    }
    expect(gaps).toEqual([1 * SECOND, 2 * SECOND, 4 * SECOND]);
    await s.deliver();
    expect((await s.get(d.id)).status).toBe('sent');

    expect(backoffMs(30, () => 0)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(3, () => 0.999)).toBeGreaterThan(4 * SECOND);
    expect(backoffMs(3, () => 0.999)).toBeLessThanOrEqual(5 * SECOND);
    expect(retryDelayMs(1, 90 * SECOND, () => 0)).toBe(90 * SECOND);
  });

  it('gives up as failed after maxAttempts', async () => {
    const s = await scene();
    s.slack.script(...Array.from({ length: 5 }, () => ({ status: 'retry' as const, reason: '503 slow down' })));
    const d = await s.notice();
    for (let i = 0; i < 3; i += 1) {
      await s.deliver({ maxAttempts: 3 });
      s.clock.advance(BACKOFF_CAP_MS);
    }
    expect(await s.get(d.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'gave up after 3 attempts: 503 slow down',
    });
    expect(await s.deliver({ maxAttempts: 3 })).toMatchObject({ claimed: 0 });
    expect(s.slack.sends).toHaveLength(3);
  });

  it('ends a delivery the platform refuses for good as failed', async () => {
    const s = await scene();
    s.slack.script({ status: 'failed', reason: 'channel_not_found' });
    const d = await s.notice();
    expect(await s.deliver()).toMatchObject({ failed: 1 });
    expect(await s.get(d.id)).toMatchObject({ status: 'failed', lastError: 'channel_not_found' });
  });
});

describe('an attempt that may have reached the platform', () => {
  it('without findPosted: hands it to a coordinator as unclear, never posting twice', async () => {
    const s = await scene();
    s.slack.script({ status: 'unclear', reason: 'timeout', posted: true });
    const d = await s.notice();
    expect(await s.deliver()).toMatchObject({ unclear: 1 });
    expect(await s.get(d.id)).toMatchObject({ status: 'unclear', lastError: 'timeout' });
    s.clock.advance(HOUR);
    expect(await s.deliver()).toMatchObject({ claimed: 0 });
    expect(s.slack.postsOf(d.id)).toHaveLength(1);
  });

  it('with findPosted: checks first, and takes the earlier post when it is there', async () => {
    const s = await scene({ findPosted: true });
    s.slack.script({ status: 'unclear', reason: 'timeout', posted: true });
    const d = await s.notice();
    expect(await s.deliver()).toMatchObject({ retried: 1 });
    expect((await s.get(d.id)).status).toBe('pending');
    s.clock.advance(10 * SECOND);
    expect(await s.deliver()).toMatchObject({ sent: 1 });
    expect(await s.get(d.id)).toMatchObject({ status: 'sent', postedRef: 'post-1' });
    expect(s.slack.checks).toHaveLength(1);
    expect(s.slack.sends).toHaveLength(1);
    expect(s.slack.postsOf(d.id)).toHaveLength(1);
  });

  it('with findPosted: posts when the earlier attempt did not arrive', async () => {
    const s = await scene({ findPosted: true });
    s.slack.script({ status: 'unclear', reason: '502 bad gateway' });
    const d = await s.notice();
    await s.deliver();
    s.clock.advance(10 * SECOND);
    expect(await s.deliver()).toMatchObject({ sent: 1 });
    expect(s.slack.sends).toHaveLength(2);
    expect(s.slack.postsOf(d.id)).toHaveLength(1);
  });

  it('treats a throwing channel as unclear', async () => {
    const plain = await scene();
    plain.slack.script({ status: 'throw', error: new Error('ECONNRESET'), posted: true });
    const a = await plain.notice();
    expect(await plain.deliver()).toMatchObject({ unclear: 1 });
    expect(await plain.get(a.id)).toMatchObject({ status: 'unclear', lastError: 'channel threw: ECONNRESET' });

    const checking = await scene({ findPosted: true });
    checking.slack.script({ status: 'throw', posted: true });
    const b = await checking.notice();
    await checking.deliver();
    checking.clock.advance(10 * SECOND);
    await checking.deliver();
    expect((await checking.get(b.id)).status).toBe('sent');
    expect(checking.slack.postsOf(b.id)).toHaveLength(1);
  });

  it('ends as unclear when the platform cannot tell', async () => {
    const s = await scene({ findPosted: () => ({ posted: 'unknown' }) });
    s.slack.script({ status: 'unclear', reason: 'timeout' });
    const d = await s.notice();
    await s.deliver();
    s.clock.advance(10 * SECOND);
    expect(await s.deliver()).toMatchObject({ unclear: 1 });
    expect(await s.get(d.id)).toMatchObject({ status: 'unclear' });
    expect(s.slack.sends).toHaveLength(1);
  });

  it('checks after a worker died mid-send and its lease ran out', async () => {
    const s = await scene({ findPosted: true });
    const d = await s.notice();
    await s.store.deliveries.claimDue(s.clock.now(), 10, 60 * SECOND); // the worker that died
    await s.slack.send({
      deliveryId: d.id,
      organisationId: d.organisationId,
      purpose: d.purpose,
      locale: d.locale,
      message: d.message,
      destination: { kind: 'channel', binding: s.binding, threadRef: null },
    });
    s.clock.advance(61 * SECOND);
    expect(await s.deliver()).toMatchObject({ claimed: 1, sent: 1 });
    expect(s.slack.sends).toHaveLength(1);
    expect((await s.get(d.id)).postedRef).toBe('post-1');
  });
});

describe('pacing per conversation', () => {
  it('posts to one channel no faster than the platform allows, other channels unaffected', async () => {
    const s = await scene({ perChannelIntervalMs: SECOND }, 2);
    const other = s.board.bindings[1];
    if (!other) throw new Error('two bindings');
    for (let i = 0; i < 3; i += 1) await s.notice();
    await s.notice({ target: { kind: 'channel', bindingId: other.id } });
    expect(await s.deliver()).toMatchObject({ claimed: 4, sent: 2, released: 2 });
    expect(await s.deliver()).toMatchObject({ claimed: 0 });
    s.clock.advance(SECOND);
    expect(await s.deliver()).toMatchObject({ claimed: 2, sent: 1, released: 1 });
    s.clock.advance(SECOND);
    expect(await s.deliver()).toMatchObject({ claimed: 1, sent: 1 });
    const times = s.slack.posts
      .filter((p) => p.conversation.endsWith(s.binding.channelId))
      .map((p) => p.at?.getTime() ?? 0);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(SECOND);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(SECOND);
  });
});

describe('rounds, threads and stale posts', () => {
  it('skips a prompt whose round closed before it went out, and posts the summary unthreaded', async () => {
    const s = await scene({}, 1);
    s.slack.script({ status: 'retry', reason: 'outage', retryAfterMs: 80 * HOUR });
    const round = await s.openTeamRound();
    await s.deliver();
    s.clock.set(round.closesAt);
    expect(await closeDueRounds(s.deps)).toBe(1);
    s.clock.advance(80 * HOUR);
    expect(await s.deliver()).toMatchObject({ claimed: 2, skipped: 1, sent: 1 });
    expect(
      (await s.store.deliveries.findByKey(s.board.organisationId, promptKey(round.id, s.binding.id)))?.status,
    ).toBe('skipped');
    expect(s.slack.posts.map((p) => [p.kind, p.threadRef])).toEqual([['round.summary', null]]);
  });

  it('holds a threaded post back until its parent is posted, then answers in its thread', async () => {
    const s = await scene({}, 1);
    s.slack.script({ status: 'retry', reason: 'ratelimited', retryAfterMs: 60 * SECOND });
    const round = await s.openTeamRound();
    await s.deliver(); // the prompt must wait a minute
    s.clock.advance(SECOND);
    const summary = await s.notice({
      dedupeKey: `round:${round.id}:summary:${s.binding.id}`,
      roundId: round.id,
      purpose: 'summary',
      threadOf: promptKey(round.id, s.binding.id),
    });
    expect(await s.deliver()).toMatchObject({ claimed: 1, released: 1 });
    const held = await s.get(summary.id);
    expect(held).toMatchObject({ status: 'pending', attempts: 0 });
    expect(held.nextAttemptAt.getTime()).toBe(new Date('2026-11-23T08:01:00Z').getTime()); // the parent's next attempt

    s.clock.set(held.nextAttemptAt);
    expect(await s.deliver()).toMatchObject({ claimed: 2, sent: 2 });
    const prompt = s.slack.posts.find((p) => p.kind === 'round.prompt');
    expect(s.slack.posts.map((p) => [p.kind, p.threadRef])).toEqual([
      ['round.prompt', null],
      ['notice', prompt?.postedRef],
    ]);
  });

  it('posts a parent before its threaded child claimed in the same batch, whatever their order', async () => {
    const s = await scene({}, 1);
    const round = await s.openTeamRound();
    // Due a second before the prompt, so claimed first.
    await s.notice({
      dedupeKey: `round:${round.id}:reminder:${s.binding.id}`,
      roundId: round.id,
      purpose: 'reminder',
      threadOf: promptKey(round.id, s.binding.id),
      nextAttemptAt: new Date(s.clock.now().getTime() - SECOND),
    });
    expect(await s.deliver()).toMatchObject({ claimed: 2, sent: 2 });
    const prompt = s.slack.posts.find((p) => p.kind === 'round.prompt');
    expect(s.slack.posts.map((p) => [p.kind, p.threadRef])).toEqual([
      ['round.prompt', null],
      ['notice', prompt?.postedRef],
    ]);
  });

  it('skips a reminder or notice that waited longer than staleAfterMs', async () => {
    const s = await scene();
    const d = await s.notice();
    s.clock.advance(25 * HOUR);
    expect(await s.deliver()).toMatchObject({ skipped: 1 });
    expect(await s.get(d.id)).toMatchObject({ status: 'skipped' });
    expect(s.slack.sends).toHaveLength(0);
  });
});

describe('destinations', () => {
  it('fails a delivery whose channel binding is gone, or whose platform has no channel here', async () => {
    const s = await scene();
    const d = await s.notice();
    await s.store.bindings.remove(s.board.organisationId, s.binding.id);
    expect(await s.deliver()).toMatchObject({ failed: 1 });
    expect((await s.get(d.id)).lastError).toMatch(/no longer exists/);

    const t = await scene();
    const e = await t.notice();
    expect(await deliverDue(t.deps, new Map())).toMatchObject({ failed: 1 });
    expect((await t.get(e.id)).lastError).toBe('no slack channel configured');
  });

  it('sends to a person through their identity on the platform, and fails without one', async () => {
    const s = await scene();
    const leader = aPerson(s.board.organisationId, { createdAt: s.clock.now() });
    await s.store.people.create(leader);
    const dm = await s.notice({
      purpose: 'digest',
      target: { kind: 'person', personId: leader.id, platform: 'slack' },
    });
    expect(await s.deliver()).toMatchObject({ failed: 1 });
    expect((await s.get(dm.id)).lastError).toMatch(/no slack identity/);

    await s.store.people.addIdentity({
      personId: leader.id,
      organisationId: s.board.organisationId,
      platform: 'slack',
      workspaceId: 'T0001',
      userId: 'U123',
    });
    const again = await s.notice({
      purpose: 'digest',
      target: { kind: 'person', personId: leader.id, platform: 'slack' },
    });
    expect(await s.deliver()).toMatchObject({ sent: 1 });
    expect(s.slack.postsOf(again.id)[0]?.conversation).toBe('slack:T0001:user:U123');
  });
});
