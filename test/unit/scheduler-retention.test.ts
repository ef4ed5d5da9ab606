import { describe, expect, it } from 'vitest';
import { setRetention } from '../../src/dialogues/privacy/index.js';
import { dailyRetentionSweep } from '../../src/scheduler/retention-sweep.js';
import { runTick } from '../../src/scheduler/tick.js';
import { createMemoryStore } from '../support/memory-store.js';
import { privacyScenario } from '../support/privacy-scenario.js';
import { recordingLogger } from '../support/world.js';

const DAY = 24 * 60 * 60 * 1000;

describe('the scheduler tick runs the retention purge once a day', () => {
  it('purges expired replies at the first tick of a day and not again that day', async () => {
    const store = createMemoryStore();
    const s = await privacyScenario(store);
    const { deps } = s.a;
    expect((await setRetention(deps, { organisationId: s.a.organisationId, days: 30, actorPersonId: null })).ok).toBe(
      true,
    );
    const retention = dailyRetentionSweep();

    expect(await runTick(deps, { retention })).toMatchObject({ purgedReplies: 0 });
    deps.clock.advance(31 * DAY);
    // The open round closes at this tick too; its replies are the ones past the retention period.
    expect(await runTick(deps, { retention })).toMatchObject({ purgedReplies: 7 });
    expect(await runTick(deps, { retention })).toMatchObject({ purgedReplies: 0 });
    expect(
      (await store.audit.list(s.a.organisationId, 100)).filter((a) => a.action === 'retention.purged'),
    ).toHaveLength(1);
    // Without a sweep the tick purges nothing and says nothing about it.
    expect(await runTick(deps)).not.toHaveProperty('purgedReplies');
  });

  it('logs a failed purge, keeps ticking, and tries again at the next tick', async () => {
    const store = createMemoryStore();
    const s = await privacyScenario(store);
    const log = recordingLogger();
    const deps = { ...s.a.deps, log };
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 1) throw new Error('database unreachable');
      return null;
    };
    await expect(runTick(deps, { retention: flaky })).resolves.toMatchObject({ purgedReplies: 0 });
    expect(log.lines.some((l) => l.level === 'error' && l.message.includes('retention purge failed'))).toBe(true);
    await runTick(deps, { retention: flaky });
    expect(calls).toBe(2);
  });
});
