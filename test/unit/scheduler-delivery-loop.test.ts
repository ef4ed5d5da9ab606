import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel, SendOutcome, Store } from '../../src/dialogues/ports.js';
import { startDeliveryLoop } from '../../src/scheduler/delivery-loop.js';
import { aDelivery, seedScheduledBoard, testDeps } from '../support/builders.js';
import { fakeClock, HOUR } from '../support/fake-clock.js';
import { createMemoryStore } from '../support/memory-store.js';
import { recordingChannel } from '../support/recording-channel.js';

// Only the loop's own timers are faked; what it decides runs on the fake clock as everywhere.
beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => void vi.useRealTimers());

async function scene(store: Store = createMemoryStore()) {
  const clock = fakeClock('2026-11-23T08:00:00Z');
  const deps = testDeps(store, clock);
  const board = await seedScheduledBoard(store, { createdAt: clock.now() });
  const slack = recordingChannel({ clock });
  const channels = new Map<Platform, ChatChannel>([['slack', slack]]);
  const enqueue = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      await store.deliveries.enqueue(
        aDelivery(board.organisationId, {
          target: { kind: 'channel', bindingId: board.bindings[0]?.id ?? '' },
          nextAttemptAt: clock.now(),
          createdAt: clock.now(),
        }),
      );
    }
  };
  return { store, clock, deps, board, slack, channels, enqueue };
}

describe('the delivery loop', () => {
  it('runs at once when nudged, without waiting for its poll', async () => {
    const s = await scene();
    const loop = startDeliveryLoop(s.deps, s.channels, { pollMs: HOUR });
    await vi.advanceTimersByTimeAsync(0); // the first, empty batch
    await s.enqueue(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(s.slack.sends).toHaveLength(0);
    loop.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.slack.sends).toHaveLength(1);
    await loop.stop();
  });

  it('goes straight on while batches come back full', async () => {
    const s = await scene();
    await s.enqueue(5);
    const loop = startDeliveryLoop(s.deps, s.channels, { pollMs: HOUR, batch: 2 });
    // A zero-delay timer set while fake timers tick is due 1 ms later; 100 such steps are far
    // short of the poll (an hour), so only going straight on can send all five.
    for (let i = 0; i < 100 && s.slack.sends.length < 5; i += 1) {
      await vi.advanceTimersByTimeAsync(1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(s.slack.sends).toHaveLength(5);
    await loop.stop();
  });

  it('polls on its own, and keeps going after a failed batch', async () => {
    const store = createMemoryStore();
    let broken = true;
    const flaky: Store = {
      ...store,
      deliveries: {
        ...store.deliveries,
        claimDue: (...args) =>
          broken ? Promise.reject(new Error('connection lost')) : store.deliveries.claimDue(...args),
      },
    };
    const s = await scene(flaky);
    await s.enqueue(1);
    const loop = startDeliveryLoop(s.deps, s.channels, { pollMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.deps.log.lines.find((l) => l.level === 'error')?.message).toBe('delivery: batch failed');
    broken = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.slack.sends).toHaveLength(1);
    await loop.stop();
  });

  it('stops after the batch in flight has finished', async () => {
    const s = await scene();
    let answer!: (outcome: SendOutcome) => void;
    const slow: ChatChannel = {
      platform: 'slack',
      send: () => new Promise<SendOutcome>((resolve) => (answer = resolve)),
    };
    await s.enqueue(1);
    const loop = startDeliveryLoop(s.deps, new Map([['slack', slow]]), { pollMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = loop.stop().then(() => void (stopped = true));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    answer({ status: 'sent', postedRef: 'ts-1' });
    await stopping;
    const [delivery] = await s.store.deliveries.list(s.board.organisationId);
    expect(delivery?.status).toBe('sent');
    loop.nudge(); // after stop: nothing more runs
    await vi.advanceTimersByTimeAsync(5_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands the rest of its claimed batch back when stopped, without counting an attempt', async () => {
    const s = await scene();
    let answer!: (outcome: SendOutcome) => void;
    const sends: string[] = [];
    const slow: ChatChannel = {
      platform: 'slack',
      send: (request) =>
        new Promise<SendOutcome>((resolve) => {
          sends.push(request.deliveryId);
          answer = resolve;
        }),
    };
    await s.enqueue(3); // one channel: posted one after another, so two wait behind the first
    const loop = startDeliveryLoop(s.deps, new Map([['slack', slow]]), { pollMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sends).toHaveLength(1);
    const stopping = loop.stop();
    answer({ status: 'sent', postedRef: 'ts-1' });
    await stopping;
    const deliveries = await s.store.deliveries.list(s.board.organisationId);
    expect(sends).toHaveLength(1);
    expect(deliveries.find((d) => d.id === sends[0])).toMatchObject({ status: 'sent' });
    const rest = deliveries.filter((d) => d.id !== sends[0]);
    expect(rest).toHaveLength(2);
    for (const d of rest) expect(d).toMatchObject({ status: 'pending', attempts: 0, leaseUntil: null });
  });
});
