import { localTime } from '../time-zone.js';

/**
 * ISO weeks (`2026-W48`, Monday to Sunday) in an organisation's time zone, with Intl only: the
 * domain takes no date library. A digest covers one such week.
 */
const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

export interface WeekBounds {
  week: string;
  /** Local Monday 00:00 and the next Monday 00:00, as instants. */
  start: Date;
  end: Date;
  /** Local dates (YYYY-MM-DD) of its Monday and Sunday. */
  from: string;
  to: string;
}

export function isIsoWeek(value: string): boolean {
  const match = WEEK.exec(value);
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && week <= weeksInYear(Number(match[1]));
}

/** The ISO week a moment falls in, by the local calendar of `timeZone`. */
export function isoWeekOf(at: Date, timeZone: string): string {
  const { year, month, day } = localTime(at, timeZone);
  return isoWeekOfCivil(Date.UTC(year, month - 1, day));
}

export function weekBounds(week: string, timeZone: string): WeekBounds {
  const match = WEEK.exec(week);
  if (!match || !isIsoWeek(week)) throw new Error(`iso-week: not an ISO week: ${week}`);
  const monday = mondayOfWeek1(Number(match[1])) + (Number(match[2]) - 1) * 7 * DAY_MS;
  return {
    week,
    start: localMidnight(monday, timeZone),
    end: localMidnight(monday + 7 * DAY_MS, timeZone),
    from: civil(monday),
    to: civil(monday + 6 * DAY_MS),
  };
}

/** The week before `week`. */
export function previousWeek(week: string): string {
  const match = WEEK.exec(week);
  if (!match) throw new Error(`iso-week: not an ISO week: ${week}`);
  const monday = mondayOfWeek1(Number(match[1])) + (Number(match[2]) - 1) * 7 * DAY_MS;
  return isoWeekOfCivil(monday - 7 * DAY_MS);
}

/** The week after `week`. */
export function nextWeek(week: string): string {
  const match = WEEK.exec(week);
  if (!match) throw new Error(`iso-week: not an ISO week: ${week}`);
  const monday = mondayOfWeek1(Number(match[1])) + (Number(match[2]) - 1) * 7 * DAY_MS;
  return isoWeekOfCivil(monday + 7 * DAY_MS);
}

/** Whether `week` comes after `other` (both valid ISO weeks: zero-padded, so they sort as text). */
export function isAfter(week: string, other: string): boolean {
  return week > other;
}

function isoWeekOfCivil(utcMidnight: number): string {
  const date = new Date(utcMidnight);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = utcMidnight + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - mondayOfWeek1(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function mondayOfWeek1(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

function weeksInYear(year: number): number {
  return Math.round((mondayOfWeek1(year + 1) - mondayOfWeek1(year)) / (7 * DAY_MS));
}

function civil(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

/** The instant of local midnight on a civil date: corrects the UTC guess by the zone's offset twice (DST). */
export function localMidnight(utcMidnight: number, timeZone: string): Date {
  let guess = utcMidnight;
  for (let i = 0; i < 2; i += 1) {
    const local = localTime(new Date(guess), timeZone);
    const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
    guess -= asUtc - utcMidnight;
  }
  return new Date(guess);
}
