/**
 * The time zone of anything that names none (an organisation read without one, an iCalendar
 * event without a zone): the product serves Dutch school boards. DEFAULT_TIME_ZONE in the
 * configuration defaults to it too.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

/** Whether the runtime knows the IANA zone; Intl throws a RangeError for an unknown one. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a time zone; `weekday` is ISO (1 = Monday … 7 = Sunday). */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAY_NUMBERS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * What a clock on the wall in `timeZone` shows at an instant: the one place the domain asks Intl
 * for local time (the digest week, the school year, quiet hours and due dates all read it).
 *
 * @example
 * localTime(new Date('2025-03-02T23:30:00Z'), 'Europe/Amsterdam'); // { year: 2025, month: 3, day: 3, hour: 0, minute: 30, weekday: 1 }
 */
export function localTime(at: Date, timeZone: string): LocalTime {
  // formatToParts keeps this independent of the locale's separators.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')),
    minute: Number(part('minute')),
    weekday: WEEKDAY_NUMBERS[part('weekday')] ?? 1,
  };
}

/**
 * The calendar date (YYYY-MM-DD) of an instant as seen in `timeZone`: a Monday 00:30 in
 * Amsterdam is 23:30Z on Sunday, and belongs to Monday.
 *
 * @example
 * localDate(new Date('2025-03-02T23:30:00Z'), 'Europe/Amsterdam'); // '2025-03-03'
 */
export function localDate(at: Date, timeZone: string): string {
  const { year, month, day } = localTime(at, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
