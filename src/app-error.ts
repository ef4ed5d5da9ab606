/**
 * The stable codes of the errors the app throws on purpose: problems an operator fixes outside
 * the program (configuration, a port in use, a file that is not a backup). Like Bolt's
 * `ErrorCode`, a caller tests the code, not the message, which may be reworded. Expected
 * outcomes of use cases are not thrown at all: they are `Result` values (`src/dialogues/result.ts`).
 * This file imports nothing, so the command line can test for it without loading anything.
 */
export type AppErrorCode =
  /** The configuration (environment, secrets) is missing or wrong; `ConfigError` lists every problem. */
  | 'config.invalid'
  /** A service the app needs cannot be reached or is held by another process (the database). */
  | 'startup.unavailable'
  /** The HTTP server cannot listen (port in use, no rights, no such address). */
  | 'server.cannot_listen'
  /** There is nothing to back up. */
  | 'backup.nothing'
  /** A file given to restore is not a backup made by `vijfvragen backup`. */
  | 'backup.invalid'
  /** Loading a backup failed; the database was put back as it was. */
  | 'backup.restore_failed';

/**
 * An error the app throws on purpose, with a stable `code` and a message meant for the operator
 * (printed as one line, without a stack trace). The cause is kept for the log.
 *
 * @example
 * throw new AppError('backup.invalid', `${file} is not a backup made by "vijfvragen backup".`);
 * // elsewhere
 * if (error instanceof AppError && error.code === 'config.invalid') process.exit(2);
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
