import type { DialogueDeps } from '../dialogues/deps.js';
import { purgeExpired, type PurgeReport } from '../dialogues/privacy/index.js';

/** Runs the retention purge at most once per UTC day; null when it already ran today. */
export type RetentionSweep = (deps: DialogueDeps) => Promise<PurgeReport | null>;

/**
 * The daily retention purge, driven by the scheduler tick. The only thing kept in memory is the
 * day it last ran, and only to spare the database: the purge is idempotent, so a restart or a
 * second replica running it again the same day deletes nothing twice and costs one query per
 * organisation. The first tick after start always purges, so a process that restarts daily
 * still sweeps daily.
 *
 * @example
 * const retention = dailyRetentionSweep();
 * startTicker(() => runTick(deps, { retention }), { log });
 */
export function dailyRetentionSweep(): RetentionSweep {
  let lastDay: string | null = null;
  return async (deps) => {
    const day = deps.clock.now().toISOString().slice(0, 10);
    if (day === lastDay) return null;
    const report = await purgeExpired(deps);
    // Set only after success: a failed purge (database down) is tried again at the next tick.
    lastDay = day;
    return report;
  };
}
