import { AppError } from './app-error.js';

/**
 * Start-up failed for a reason the operator must fix outside the program (the database cannot be
 * reached, the embedded database is held by another process). The message is the one clear line
 * printed; the cause is kept for the log, and no stack trace is shown.
 */
export class StartupError extends AppError {
  constructor(message: string, options?: { cause: unknown }) {
    super('startup.unavailable', message, options);
  }
}
