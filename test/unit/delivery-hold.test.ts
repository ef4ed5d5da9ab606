import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel, Delivery } from '../../src/dialogues/ports.js';
import { startDeliveryLoop } from '../../src/scheduler/delivery-loop.js';
import { aDelivery, seedScheduledBoard, testDeps } from '../support/builders.js';
import { fakeClock, HOUR, SECOND } from '../support/fake-clock.js';
import { createMemoryStore } from '../support/memory-store.js';
import { recordingChannel } from '../support/recording-channel.js';

// Paced posts kept claimed in memory until their booked slot, instead of handed back and claimed
// again. Only the loop's own timers are faked; its decisions run on the fake clock.
beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => void vi.useRealTimers());

const paced = (ms: number) => ({ status: 'paced' as const, reason: 'slack: workspace posting pace', retryAfterMs: ms });

async function scene() {
  const store = createMemoryStore();
  const clock = fakeClock('2026-11-23T08:00:00Z');
  const deps = testDeps(store, clock);
  const board = await seedScheduledBoard(store, { createdAt: clock.now() });
  const slack = recordingChannel({ clock, findPosted: true });
  const channels = new Map<Platform, ChatChannel>([['slack', slack]]);
  const delivery = aDelivery(board.organisationId, {
    target: { kind: 'channel', bindingId: board.bindings[0]?.id ?? '' },
    nextAttemptAt: clock.now(),
    createdAt: clock.now(),
  });
  await store.deliveries.enqueue(delivery);
  const get = async () => store.deliveries.get(board.organisationId, delivery.id);
  return { store, clock, deps, slack, channels, delivery, get };
}

describe('holding paced posts', () => {
  it('keeps a post paced within half its lease claimed and posts it when carried back', async () => {
    const s = await scene();
    s.slack.script(paced(5 * SECOND));
    const held: { delivery: Delivery; until: Date }[] = [];
    const hold = (delivery: Delivery, until: Date) => void held.push({ delivery, until });
    expect(await deliverDue(s.deps, s.channels, { hold, leaseMs: 2 * 60_000 })).toMatchObject({
      claimed: 1,
      held: 1,
      released: 0,
    });
    expect(held.map((h) => h.until)).toEqual([new Date(s.clock.now().getTime() + 5 * SECOND)]);
    // Still claimed by this worker: nobody else takes it over before the lease ends.
    expect(await s.get()).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await s.store.deliveries.claimDue(s.clock.now(), 10, 60_000)).toEqual([]);

    s.clock.advance(5 * SECOND);
    const carried = held.map((h) => h.delivery);
    expect(await deliverDue(s.deps, s.channels, { hold, carried })).toMatchObject({ claimed: 0, sent: 1 });
    expect(await s.get()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(s.slack.posts).toHaveLength(1);
    expect(s.slack.checks).toHaveLength(0); // certainly not posted before: no look-back
  });

  it('hands back a post whose slot is further away than half its lease', async () => {
    const s = await scene();
    s.slack.script(paced(61 * SECOND));
    const held: Delivery[] = [];
    expect(await deliverDue(s.deps, s.channels, { hold: (d) => void held.push(d), leaseMs: 2 * 60_000 })).toMatchObject(
      { claimed: 1, held: 0, released: 1 },
    );
    expect(held).toEqual([]);
    expect(await s.get()).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('lets the loop post a held post at its slot, without handing it back first', async () => {
    const s = await scene();
    s.slack.script(paced(5 * SECOND));
    const loop = startDeliveryLoop(s.deps, s.channels, { pollMs: HOUR });
    await vi.advanceTimersByTimeAsync(0);
    expect(await s.get()).toMatchObject({ status: 'sending', attempts: 1 });
    s.clock.advance(5 * SECOND);
    // The loop wakes for the slot, long before its poll (an hour).
    await vi.advanceTimersByTimeAsync(5 * SECOND);
    expect(await s.get()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(s.slack.posts).toHaveLength(1);
    await loop.stop();
  });

  it('hands held posts back when the loop stops, at their slot and without counting an attempt', async () => {
    const s = await scene();
    s.slack.script(paced(5 * SECOND));
    const loop = startDeliveryLoop(s.deps, s.channels, { pollMs: HOUR });
    await vi.advanceTimersByTimeAsync(0);
    await loop.stop();
    expect(await s.get()).toMatchObject({
      status: 'pending',
      attempts: 0,
      leaseUntil: null,
      nextAttemptAt: new Date(s.clock.now().getTime() + 5 * SECOND),
    });
    expect(s.slack.posts).toHaveLength(0);
  });
});
