import type { OutcomeFigure } from './messages.js';
import type { Round } from './model.js';
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
  store: Store;
  clock: Clock;
  newId: () => string;
  /** Keys anonymous author tokens; from config, never stored in the database. */
  tokenSecret: string;
  log: Logger;
  outcomes?: OutcomeSource;
  /** Called after deliveries were enqueued, so the worker can start at once instead of at its next poll. */
  onEnqueued?: () => void;
}
