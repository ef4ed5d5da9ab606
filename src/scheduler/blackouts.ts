import ical, { type CalendarResponse, type ParameterValue } from 'node-ical';
import type { Blackout } from '../dialogues/model.js';
import { fail, ok, type Result } from '../dialogues/result.js';
import { DEFAULT_TIME_ZONE, localDate } from '../dialogues/time-zone.js';

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The blackout an occurrence falls in, judged by its local date in the schedule's time zone
 * (a Monday 00:30 occurrence in Amsterdam is 23:30Z on Sunday, and belongs to Monday), or null.
 * Ranges are inclusive; YYYY-MM-DD strings compare correctly as text.
 */
export function blackoutOf(occurrence: Date, timeZone: string, blackouts: readonly Blackout[]): Blackout | null {
  const date = localDate(occurrence, timeZone);
  return blackouts.find((b) => b.from <= date && date <= b.to) ?? null;
}

export interface CalendarOptions {
  /** Where timed events are placed on the calendar; all-day events have no zone. Default Europe/Amsterdam. */
  timeZone?: string;
  /** How far ahead a recurring event (RRULE) is unrolled from its first instance. Default 3 years. */
  horizonYears?: number;
}

/**
 * Reads school holidays from an iCalendar file (the format school boards and
 * schoolvakanties-nederland publish) as blackout date ranges, sorted by start.
 *
 * - An all-day event covers DTSTART up to the day before DTEND: iCalendar's DTEND of an
 *   all-day event is exclusive, so herfstvakantie 17–25 October ends with DTEND 26 October.
 * - A timed event covers every local date it touches (a study afternoon blocks its day).
 * - A recurring event is unrolled up to `horizonYears` ahead; cancelled events are left out.
 * - SUMMARY becomes the label.
 *
 * Refuses (`input.invalid`) text that is not a calendar, or an event without a usable start,
 * so a half-read file never silently drops a holiday.
 *
 * @example
 * const read = blackoutsFromICalendar(await readFile('vakanties.ics', 'utf8'));
 * if (read.ok) await createSchedule(deps, { ...input, blackouts: read.value });
 */
export function blackoutsFromICalendar(text: string, options: CalendarOptions = {}): Result<Blackout[]> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!/BEGIN:VCALENDAR/i.test(text)) return fail('input.invalid', { field: 'calendar', reason: 'not_icalendar' });
  let parsed: CalendarResponse;
  try {
    parsed = ical.sync.parseICS(text);
  } catch {
    return fail('input.invalid', { field: 'calendar', reason: 'unreadable' });
  }
  const blackouts: Blackout[] = [];
  for (const component of Object.values(parsed)) {
    if (component?.type !== 'VEVENT' || component.status === 'CANCELLED') continue;
    const event = component;
    const label = textOf(event.summary) || textOf(event.uid);
    if (!isValidDate(event.start))
      return fail('input.invalid', { field: 'calendar', event: label, reason: 'no_start' });
    const horizon = new Date(event.start.getTime() + (options.horizonYears ?? 3) * 366 * DAY);
    const instances = ical.expandRecurringEvent(event, { from: new Date(event.start.getTime() - DAY), to: horizon });
    for (const instance of instances) {
      const range = instance.isFullDay
        ? allDayRange(instance.start, instance.end)
        : timedRange(instance.start, instance.end, timeZone);
      blackouts.push({ ...range, label: textOf(instance.summary) || label });
    }
  }
  blackouts.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return ok(blackouts);
}

/** Whether a blackout is well formed: two real dates, in order. */
export function isValidBlackout(blackout: Blackout): boolean {
  return (
    DATE.test(blackout.from) &&
    DATE.test(blackout.to) &&
    blackout.from <= blackout.to &&
    isRealDate(blackout.from) &&
    isRealDate(blackout.to)
  );
}

// node-ical builds an all-day date at midnight of the host's own time zone, so its local
// getters (not UTC ones) give back the calendar date that was written in the file.
function calendarDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function allDayRange(start: Date, end: Date | undefined): Pick<Blackout, 'from' | 'to'> {
  const from = calendarDate(start);
  if (!isValidDate(end) || end.getTime() <= start.getTime()) return { from, to: from };
  // The day before the exclusive DTEND, computed on the calendar, so a DST change in the host
  // zone (a 23- or 25-hour day) cannot shift it.
  const last = new Date(end.getFullYear(), end.getMonth(), end.getDate() - 1);
  return { from, to: calendarDate(last) };
}

function timedRange(start: Date, end: Date | undefined, timeZone: string): Pick<Blackout, 'from' | 'to'> {
  const from = localDate(start, timeZone);
  // An event ending exactly at midnight does not touch the next day.
  const to =
    isValidDate(end) && end.getTime() > start.getTime() ? localDate(new Date(end.getTime() - 1), timeZone) : from;
  return { from, to: to < from ? from : to };
}

function textOf(value: ParameterValue | undefined): string {
  if (value === undefined) return '';
  return (typeof value === 'string' ? value : value.val).trim();
}

function isValidDate(value: Date | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const pad = (n: number): string => String(n).padStart(2, '0');
