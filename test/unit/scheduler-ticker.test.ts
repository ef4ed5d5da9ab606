import { describe, expect, it } from 'vitest';
import { startTicker, type CronSchedule } from '../../src/scheduler/ticker.js';
import { recordingLogger } from '../support/world.js';

/** A cron stand-in whose beats the test fires by hand. */
function handCron() {
  let fire: (() => void) | null = null;
  let stopped = false;
  const schedule: CronSchedule = (_expression, f) => {
    fire = f;
    return { stop: () => void (stopped = true) };
  };
  return {
    schedule,
    beat: () => fire?.(),
    get stopped() {
      return stopped;
    },
  };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the ticker', () => {
  it('runs on every beat, skipping beats while the previous run is still going', async () => {
    const cron = handCron();
    const log = recordingLogger();
    const runs: ReturnType<typeof deferred>[] = [];
    const ticker = startTicker(
      () => {
        const run = deferred();
        runs.push(run);
        return run.promise;
      },
      { log, schedule: cron.schedule },
    );

    cron.beat();
    cron.beat(); // the first run is still going
    expect(runs).toHaveLength(1);
    expect(log.lines.some((l) => l.message.includes('skipped'))).toBe(true);
    runs[0]?.resolve();
    await flush();
    cron.beat();
    expect(runs).toHaveLength(2);
    runs[1]?.resolve();
    await ticker.stop();
  });

  it('logs a failed run and runs again on the next beat', async () => {
    const cron = handCron();
    const log = recordingLogger();
    let calls = 0;
    const ticker = startTicker(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('database away');
      },
      { log, schedule: cron.schedule },
    );
    cron.beat();
    await flush();
    expect(log.lines.find((l) => l.level === 'error')?.message).toBe('scheduler: tick failed');
    cron.beat();
    await flush();
    expect(calls).toBe(2);
    await ticker.stop();
  });

  it('stops beating and waits for the run in flight', async () => {
    const cron = handCron();
    const run = deferred();
    let finished = false;
    const ticker = startTicker(
      async () => {
        await run.promise;
        finished = true;
      },
      { log: recordingLogger(), schedule: cron.schedule },
    );
    cron.beat();
    let stopped = false;
    const stopping = ticker.stop().then(() => void (stopped = true));
    await flush();
    expect(cron.stopped).toBe(true);
    expect(stopped).toBe(false);
    run.resolve();
    await stopping;
    expect(finished).toBe(true);
    cron.beat();
    expect(finished).toBe(true);
  });

  it('drives node-cron by default, and refuses an invalid tick expression', async () => {
    const ticker = startTicker(async () => undefined, { log: recordingLogger(), expression: '*/20 * * * * *' });
    await ticker.stop();
    expect(() =>
      startTicker(async () => undefined, { log: recordingLogger(), expression: 'every now and then' }),
    ).toThrow(/invalid tick expression/);
  });
});
