import { localTime } from './time-zone.js';

/** Reminders wait for daytime: no nudges before 08:00 or after 18:00, nor at weekends, local time. */
export const QUIET_BEFORE_HOUR = 8;
export const QUIET_FROM_HOUR = 18;

export function isQuietTime(at: Date, timeZone: string): boolean {
  const { hour, weekday } = localTime(at, timeZone);
  if (weekday >= 6) return true;
  return hour < QUIET_BEFORE_HOUR || hour >= QUIET_FROM_HOUR;
}

const QUARTER_HOUR = 15 * 60_000;
/** Quiet stretches are at most a weekend and a night long; this bounds the search. */
const LONGEST_QUIET_MS = 4 * 24 * 3_600_000;

/**
 * When the quiet time around `at` ends (`at` itself when it is not quiet). Local hours begin on
 * a quarter hour in every time zone, so stepping by quarter hours finds 08:00 exactly.
 */
export function quietUntil(at: Date, timeZone: string): Date {
  if (!isQuietTime(at, timeZone)) return at;
  let next = Math.ceil(at.getTime() / QUARTER_HOUR) * QUARTER_HOUR;
  while (isQuietTime(new Date(next), timeZone) && next - at.getTime() < LONGEST_QUIET_MS) next += QUARTER_HOUR;
  return new Date(next);
}
