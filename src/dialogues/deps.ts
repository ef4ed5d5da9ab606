import type { MembershipMemo } from './cached-store.js';
import type { CronCheck } from './cron-check.js';
import type { OutcomeFigure } from './messages.js';
import type { Platform, Round } from './model.js';
import type { Clock, Store } from './ports.js';

/** The smallest logger the domain needs; pino satisfies it. */
export interface Logger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Outcome figures for a round that is opening. Implemented by the outcomes feature; the
 * implementation also records which snapshots the round carries. It is called inside the
 * round's transaction and must use the `store` it is given (with PGlite, the outer store would
 * wait for that transaction to end).
 */
export interface OutcomeSource {
  figuresForRound(store: Store, round: Round): Promise<OutcomeFigure[]>;
}

/** What every use case may use. Built once in the composition root; tests build their own. */
export interface DialogueDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Keys anonymous author tokens; from config, never stored in the database. */
  readonly tokenSecret: string;
  readonly log: Logger;
  /** Validates a schedule's cron expression and time zone; the scheduler's parser fills it. */
  readonly cron: CronCheck;
  readonly outcomes?: OutcomeSource;
  /**
   * Which people this process already made members of a team, so a known member's reply skips
   * the transaction; filled by the store cache (`cached-store.ts`). Without it every first reply
   * of a process grants inside a transaction.
   */
  readonly memberships?: MembershipMemo;
  /**
   * Fewer participants than this and a team's anonymous answers are not shown, not even to the
   * team (texts can give people away). The organisation's own setting wins; default 3.
   */
  readonly minGroupSize?: number;
  /** Called after new replies were stored (not edits, not redeliveries); the server counts them for /metrics. */
  readonly onRepliesRecorded?: (platform: Platform, count: number) => void;
  /**
   * Called after deliveries were enqueued, so the worker can start at once instead of at its
   * next poll. Set when the dependencies are built (a modules copy made later keeps it).
   */
  readonly onEnqueued?: () => void;
}
