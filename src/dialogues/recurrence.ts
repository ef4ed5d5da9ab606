import { fail, ok, type Result } from './result.js';

/**
 * When a schedule opens its rounds, in the words coordinators use: a weekday, a local time and
 * "every n weeks". Stored as a five-field cron expression (`0 9 * * 1`) plus `everyWeeks`, so the
 * engine keeps one way of finding occurrences; people never see or type the expression.
 *
 * @example
 * recurrenceOf({ cron: '0 9 * * 1', everyWeeks: 2 }); // { kind: 'weekly', weekdays: [1], hour: 9, minute: 0, everyWeeks: 2 }
 */
export type Recurrence =
  | { kind: 'weekly'; weekdays: number[]; hour: number; minute: number; everyWeeks: number }
  | { kind: 'daily'; hour: number; minute: number }
  | { kind: 'monthly'; dayOfMonth: number; hour: number; minute: number }
  /** An expression made by hand before the pickers existed, shown as it is. */
  | { kind: 'custom'; cron: string };

export const MAX_EVERY_WEEKS = 52;
/** A round is open for at least an hour and at most four weeks. */
export const MIN_WINDOW_HOURS = 1;
export const MAX_WINDOW_HOURS = 24 * 28;

const NUMBER = /^\d{1,2}$/;

/** Reads a stored cron expression (and the schedule's cycle) back as a recurrence. */
export function recurrenceOf(schedule: { cron: string; everyWeeks?: number }): Recurrence {
  const fields = schedule.cron.trim().split(/\s+/);
  const custom: Recurrence = { kind: 'custom', cron: fields.join(' ') };
  if (fields.length !== 5) return custom;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  if (!NUMBER.test(minute) || !NUMBER.test(hour) || month !== '*') return custom;
  const [h, m] = [Number(hour), Number(minute)];
  if (h > 23 || m > 59) return custom;
  if (dayOfMonth === '*' && dayOfWeek === '*') return { kind: 'daily', hour: h, minute: m };
  if (dayOfWeek === '*' && NUMBER.test(dayOfMonth) && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= 31)
    return { kind: 'monthly', dayOfMonth: Number(dayOfMonth), hour: h, minute: m };
  if (dayOfMonth !== '*') return custom;
  const weekdays = weekdaysOf(dayOfWeek);
  if (!weekdays) return custom;
  return { kind: 'weekly', weekdays, hour: h, minute: m, everyWeeks: Math.max(1, schedule.everyWeeks ?? 1) };
}

/** The cron expression the engine runs for a weekly recurrence (ISO weekday 7 is cron's 0). */
export function cronOfWeekly(weekday: number, hour: number, minute: number): string {
  return `${minute} ${hour} * * ${weekday % 7}`;
}

/** What a form sends: a weekday (1 = Monday … 7 = Sunday), "HH:MM", every n weeks, window in hours. */
export interface PlanInput {
  weekday: string | number;
  time: string;
  everyWeeks: string | number;
  /** Empty or absent: the template's response window. */
  windowHours?: string | number | null;
}

export interface Plan {
  cron: string;
  everyWeeks: number;
  windowHours: number | null;
}

/**
 * Checks a plan typed into a form; every refusal is `input.invalid` with the field it concerns,
 * so each channel shows it under that field and nothing is stored.
 *
 * @example
 * checkPlan({ weekday: '1', time: '25:00', everyWeeks: '1' }); // fail('input.invalid', { field: 'time' })
 */
export function checkPlan(input: PlanInput): Result<Plan> {
  const weekday = wholeNumber(input.weekday);
  if (weekday === null || weekday < 1 || weekday > 7) return fail('input.invalid', { field: 'weekday' });
  const time = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(input.time).trim());
  if (!time) return fail('input.invalid', { field: 'time', value: String(input.time).slice(0, 20) });
  const everyWeeks = wholeNumber(input.everyWeeks);
  if (everyWeeks === null || everyWeeks < 1 || everyWeeks > MAX_EVERY_WEEKS)
    return fail('input.invalid', { field: 'every_weeks', max: MAX_EVERY_WEEKS });
  const rawWindow = input.windowHours === undefined || input.windowHours === null ? '' : String(input.windowHours);
  let windowHours: number | null = null;
  if (rawWindow.trim() !== '') {
    windowHours = wholeNumber(rawWindow);
    if (windowHours === null || windowHours < MIN_WINDOW_HOURS || windowHours > MAX_WINDOW_HOURS)
      return fail('input.invalid', { field: 'window_hours', max: MAX_WINDOW_HOURS });
  }
  return ok({ cron: cronOfWeekly(weekday, Number(time[1]), Number(time[2])), everyWeeks, windowHours });
}

/**
 * Whether a local date falls in a week the schedule runs: weeks are counted from the Monday of
 * `firstWeek`'s week, and every `everyWeeks`-th week runs. Both dates are local YYYY-MM-DD.
 */
export function inCycle(localDate: string, firstWeek: string, everyWeeks: number): boolean {
  if (everyWeeks <= 1) return true;
  const weeks = Math.round((mondayOf(localDate) - mondayOf(firstWeek)) / (7 * 86_400_000));
  return ((weeks % everyWeeks) + everyWeeks) % everyWeeks === 0;
}

function mondayOf(date: string): number {
  const at = Date.parse(`${date}T00:00:00Z`);
  const isoWeekday = new Date(at).getUTCDay() || 7;
  return at - (isoWeekday - 1) * 86_400_000;
}

function weekdaysOf(field: string): number[] | null {
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (from > 7 || to > 7 || to < from) return null;
    for (let d = from; d <= to; d += 1) days.add(d === 0 ? 7 : d);
  }
  return [...days].sort((a, b) => a - b);
}

function wholeNumber(value: string | number): number | null {
  const text = String(value).trim();
  return /^\d{1,4}$/.test(text) ? Number(text) : null;
}
