import { describe, expect, it } from 'vitest';
import { createWorkspacePacer } from '../../src/bot/slack/workspace-pacer.js';

/** A pacer on a fake clock: sleeping moves the clock, and every slot's time is recorded. */
function paced(options: { postsPerMinute: number; burst: number; maxWaitMs?: number }) {
  let now = 1_000_000;
  const slept: number[] = [];
  const pacer = createWorkspacePacer({
    ...options,
    now: () => now,
    sleep: async (ms) => void (slept.push(ms), (now += ms)),
  });
  return { pacer, slept, now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('workspace posting pace', () => {
  it('lets a burst go at once, then one post per interval', async () => {
    const p = paced({ postsPerMinute: 60, burst: 3, maxWaitMs: 60_000 });
    const times: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      expect(await p.pacer.take('T1')).toEqual({ ok: true });
      times.push(p.now());
    }
    const start = times[0] ?? 0;
    expect(times.map((t) => t - start)).toEqual([0, 0, 0, 1000, 2000, 3000, 4000]);
    // Another workspace has its own pace.
    expect(await p.pacer.take('T2')).toEqual({ ok: true });
    expect(p.slept).toHaveLength(4);
  });

  it('gives a slot further away than the longest wait back as a retry, without taking it', async () => {
    const p = paced({ postsPerMinute: 60, burst: 1, maxWaitMs: 1500 });
    await p.pacer.take('T1');
    await p.pacer.take('T1');
    expect(await p.pacer.take('T1', 500)).toEqual({ ok: false, retryAfterMs: 1000 });
    p.advance(1000);
    expect(await p.pacer.take('T1', 500)).toEqual({ ok: true });
  });

  it('holds a workspace for the Retry-After of a 429', async () => {
    const p = paced({ postsPerMinute: 600, burst: 10, maxWaitMs: 2000 });
    p.pacer.hold('T1', 30_000);
    expect(await p.pacer.take('T1')).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(await p.pacer.take('T2')).toEqual({ ok: true });
    p.advance(29_000);
    // Within the longest wait: it waits out the rest, then posts.
    expect(await p.pacer.take('T1')).toEqual({ ok: true });
    expect(p.slept).toEqual([1000]);
  });

  it('books a far slot for a handed-back post, so the workspace goes on and the post keeps its place', async () => {
    const p = paced({ postsPerMinute: 60, burst: 1, maxWaitMs: 500 });
    expect(await p.pacer.take('T1', undefined, 'd1')).toEqual({ ok: true });
    // Slots at +1 s and +2 s are booked for d2 and d3, not slept in.
    expect(await p.pacer.take('T1', undefined, 'd2')).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(await p.pacer.take('T1', undefined, 'd3')).toEqual({ ok: false, retryAfterMs: 2000 });
    // Another workspace is not held up by T1's queue.
    expect(await p.pacer.take('T2', undefined, 'e1')).toEqual({ ok: true });
    expect(p.slept).toEqual([]);
    p.advance(1000);
    // d3 coming back early is still not due; d2 at its slot posts without queueing behind d3.
    expect(await p.pacer.take('T1', undefined, 'd3')).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(await p.pacer.take('T1', undefined, 'd2')).toEqual({ ok: true });
    p.advance(1000);
    expect(await p.pacer.take('T1', undefined, 'd3')).toEqual({ ok: true });
    // A newcomer queues after the booked slots.
    expect(await p.pacer.take('T1', undefined, 'd4')).toEqual({ ok: false, retryAfterMs: 1000 });
  });

  it('spaces booked posts that come back late together, so they never go faster than the pace', async () => {
    const p = paced({ postsPerMinute: 60, burst: 2, maxWaitMs: 1500 });
    expect(await p.pacer.take('T1', 0, 'd1')).toEqual({ ok: true });
    expect(await p.pacer.take('T1', 0, 'd2')).toEqual({ ok: true });
    for (const key of ['d3', 'd4', 'd5', 'd6']) expect((await p.pacer.take('T1', 0, key)).ok).toBe(false);
    // The worker claims them again only at +10 s, long after their slots (+1 … +4 s).
    p.advance(10_000);
    const started = p.now();
    const times: number[] = [];
    for (const key of ['d3', 'd4', 'd5', 'd6']) {
      let slot = await p.pacer.take('T1', 1500, key);
      // Handed back with its place kept: it comes back when told, and goes.
      while (!slot.ok) {
        p.advance(slot.retryAfterMs);
        slot = await p.pacer.take('T1', 1500, key);
      }
      times.push(p.now() - started);
    }
    // The bucket (two posts) refilled while idle: two at once, then one a second.
    expect(times).toEqual([0, 0, 1000, 2000]);
  });

  it('lets posts whose slots were reserved go no faster than the pace when all come due late at once', async () => {
    const p = paced({ postsPerMinute: 60, burst: 2, maxWaitMs: 100 });
    const keys = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'];
    for (const key of keys) await p.pacer.take('T1', 100, key);
    // Back late: d3 and d4 go, d5 … d8 get slots reserved a second apart (+1 … +4 s).
    p.advance(10_000);
    for (const key of keys.slice(2)) await p.pacer.take('T1', 100, key);
    // The process was busy for 10 s: every reserved slot has passed by the time they come back.
    p.advance(10_000);
    const outcomes = [];
    for (const key of keys.slice(4)) outcomes.push(await p.pacer.take('T1', 100, key));
    // Two (the burst) go; the other two wait their turn instead of going with them.
    expect(outcomes).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, retryAfterMs: 1000 },
      { ok: false, retryAfterMs: 1000 },
    ]);
    p.advance(1000);
    expect(await p.pacer.take('T1', 100, 'd7')).toEqual({ ok: true });
    expect(await p.pacer.take('T1', 100, 'd8')).toEqual({ ok: false, retryAfterMs: 1000 });
  });
});
