import { CronExpressionParser } from 'cron-parser';
import type { CronCheck } from '../dialogues/cron-check.js';
import { fail, ok, type Result } from '../dialogues/result.js';
import { isTimeZone } from '../dialogues/time-zone.js';

/** A guard against an expression such as `* * * * *` over a long window filling memory. */
const MAX_OCCURRENCES = 10_000;

/**
 * The instants at which a five-field cron expression fires in an IANA time zone, within
 * (from, to]: an occurrence exactly at `from` was due in the previous window, one exactly at
 * `to` is due now. The expression is read as wall-clock time in `timeZone`, so `0 9 * * 1`
 * stays Monday 09:00 local through daylight-saving changes (08:00Z in winter, 07:00Z in summer
 * in Europe/Amsterdam). A local time that a spring-forward skips fires at the shifted hour.
 *
 * Throws on an invalid expression or time zone: stored schedules were checked with
 * `validateCron` when they were made, so a failure here is a bug or a corrupted row.
 *
 * @example
 * occurrencesBetween('0 9 * * 1', 'Europe/Amsterdam', lastWeek, now); // [Monday 09:00 local]
 */
export function occurrencesBetween(cron: string, timeZone: string, from: Date, to: Date): Date[] {
  if (to.getTime() <= from.getTime()) return [];
  const expression = CronExpressionParser.parse(fiveFields(cron), { currentDate: from, tz: timeZone });
  const found: Date[] = [];
  while (found.length < MAX_OCCURRENCES) {
    const next = expression.next().toDate();
    if (next.getTime() > to.getTime()) break;
    // cron-parser works in whole seconds; a `from` with milliseconds must not let the
    // occurrence at its own second back in.
    if (next.getTime() > from.getTime()) found.push(next);
  }
  return found;
}

/** The next occurrence strictly after `after`; shown to coordinators ("next round: …"). */
export function nextOccurrence(cron: string, timeZone: string, after: Date): Date {
  return CronExpressionParser.parse(fiveFields(cron), { currentDate: after, tz: timeZone }).next().toDate();
}

/**
 * Checks a schedule's recurrence before it is stored. Only the classic five fields
 * (minute hour day-of-month month day-of-week) are accepted: a sixth (seconds) field would let
 * a schedule open a round every second.
 *
 * @example
 * const checked = validateCron('0 9 * * 1', 'Europe/Amsterdam');
 * if (!checked.ok) return say(t(locale, `error.${checked.code}`, checked.details));
 */
export function validateCron(
  cron: string,
  timeZone: string,
): Result<{ cron: string; timeZone: string }, 'schedule.invalid_cron' | 'schedule.invalid_time_zone'> {
  if (!isTimeZone(timeZone)) return fail('schedule.invalid_time_zone', { timeZone });
  const normalised = cron.trim().split(/\s+/).join(' ');
  try {
    // Taking one occurrence also rejects expressions that parse but can never fire (`0 9 31 2 *`).
    CronExpressionParser.parse(fiveFields(normalised), { tz: timeZone }).next();
  } catch {
    return fail('schedule.invalid_cron', { cron });
  }
  return ok({ cron: normalised, timeZone });
}

/** The domain's `CronCheck` port, filled by this parser. */
export const cronCheck: CronCheck = { validate: validateCron };

function fiveFields(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    throw new Error(`scheduler: a cron expression has five fields, got ${fields.length}: ${JSON.stringify(cron)}`);
  return fields.join(' ');
}
