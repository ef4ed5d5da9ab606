import { describe, expect, it } from 'vitest';
import { createWorkspacePacer } from '../../src/bot/slack/workspace-pacer.js';

/** A pacer on a fake clock: sleeping moves the clock, and every slot's time is recorded. */
function paced(options: { postsPerMinute: number; burst: number; maxWaitMs?: number }) {
  let now = 1_000_000;
  const slept: number[] = [];
  const pacer = createWorkspacePacer({ ...options, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) });
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
});
