import type { Result } from './result.js';

/**
 * Checks a schedule's recurrence before it is stored. The domain owns the rule (a schedule with a
 * cron expression that never fires, or a time zone the runtime does not know, is refused); the
 * scheduler owns the cron parser and implements this port (`src/scheduler/occurrences.ts`).
 *
 * @example
 * const checked = deps.cron.validate('0 9 * * 1', 'Europe/Amsterdam');
 * if (checked.ok) schedule.cron = checked.value.cron; // normalised: single spaces
 */
export interface CronCheck {
  validate(
    cron: string,
    timeZone: string,
  ): Result<{ cron: string; timeZone: string }, 'schedule.invalid_cron' | 'schedule.invalid_time_zone'>;
}
