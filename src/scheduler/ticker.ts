import cron from 'node-cron';
import type { Logger } from '../dialogues/deps.js';

/** What the ticker needs of a cron library: call `fire` on a schedule until stopped. */
export type CronSchedule = (expression: string, fire: () => void) => { stop(): void | Promise<void> };

export interface TickerOptions {
  /** Six-field node-cron expression (with seconds). Default: every 20 seconds. */
  expression?: string;
  log: Logger;
  /** Replaces node-cron; tests fire ticks by hand instead of waiting for the clock. */
  schedule?: CronSchedule;
  /** Told how long each run took and whether it failed (the server's metrics). */
  observe?: (seconds: number, failed: boolean) => void;
}

export interface Ticker {
  /** No new ticks; resolves once the tick in flight (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * node-cron as a metronome and nothing more. Each beat runs `run` unless the previous run is
 * still going (a slow database must not pile up ticks); errors are logged and the next beat
 * tries again. Nothing about what ran is kept here: `runTick` reads and records that in the
 * database, so a restart, or a second replica, loses and repeats nothing.
 *
 * @example
 * const ticker = startTicker(() => runTick(deps), { log });
 * process.on('SIGTERM', () => void ticker.stop());
 */
export function startTicker(run: () => Promise<unknown>, options: TickerOptions): Ticker {
  const { log } = options;
  const expression = options.expression ?? '*/20 * * * * *';
  let running: Promise<void> | null = null;
  let stopped = false;

  const fire = (): void => {
    if (stopped) return;
    if (running) {
      log.info({ expression }, 'scheduler: previous tick still running; this tick skipped');
      return;
    }
    running = (async () => {
      const started = performance.now();
      let failed = false;
      try {
        await run();
      } catch (error) {
        failed = true;
        log.error({ err: error }, 'scheduler: tick failed');
      } finally {
        options.observe?.((performance.now() - started) / 1000, failed);
        running = null;
      }
    })();
  };

  const schedule = options.schedule ?? nodeCronSchedule(log);
  const task = schedule(expression, fire);
  return {
    async stop() {
      stopped = true;
      await task.stop();
      await running;
    },
  };
}

function nodeCronSchedule(log: Logger): CronSchedule {
  return (expression, fire) => {
    if (!cron.validate(expression)) throw new Error(`scheduler: invalid tick expression ${JSON.stringify(expression)}`);
    const task = cron.schedule(expression, fire, {
      name: 'vijfvragen-tick',
      // A blocked event loop makes node-cron warn about missed beats; the next beat catches
      // up anyway (runTick looks back), so those warnings are noise.
      suppressMissedWarning: true,
      logger: {
        info: () => undefined,
        debug: () => undefined,
        warn: (message) => log.warn({}, `node-cron: ${message}`),
        error: (message, err) => log.error({ err: err ?? message }, 'node-cron: error'),
      },
    });
    return { stop: () => task.destroy() };
  };
}
