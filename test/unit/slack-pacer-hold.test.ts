import { describe, expect, it } from 'vitest';
import { createWorkspacePacer } from '../../src/bot/slack/workspace-pacer.js';

describe('workspace pacer and a 429 that arrives while posts wait', () => {
  it('sends no waiting post before the Retry-After that came in during its wait', async () => {
    let now = 1_000_000;
    let release: () => void = () => undefined;
    // The first sleep is held open until the test says so, as a real timer would be.
    const pacer = createWorkspacePacer({
      postsPerMinute: 60,
      burst: 1,
      maxWaitMs: 5_000,
      now: () => now,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          release = () => {
            now += ms;
            resolve();
          };
        }),
    });
    expect(await pacer.take('T1')).toEqual({ ok: true });
    const waiting = pacer.take('T1');
    // While the second post waits for its slot, Slack answers another post with 429, Retry-After 30 s.
    pacer.hold('T1', 30_000);
    release();
    const outcome = await waiting;
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? 0 : outcome.retryAfterMs).toBeGreaterThan(28_000);
  });
});
