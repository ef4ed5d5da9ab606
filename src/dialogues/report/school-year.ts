import { localMidnight } from '../digest/iso-week.js';
import { localTime } from '../time-zone.js';

/**
 * A report's period. By default the Dutch school year: 1 August to 31 July, named `2025-2026`.
 * A free period is given as two local dates (`--from`/`--to`).
 */
export interface ReportPeriod {
  /** `2025-2026`, or `2025-09-01..2026-01-31` for a free period. */
  label: string;
  /** Local dates, both inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** The same as instants in the organisation's time zone: [start, end). */
  start: Date;
  end: Date;
}

const YEAR = /^(\d{4})-(\d{4})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isSchoolYear(value: string): boolean {
  const match = YEAR.exec(value);
  return match !== null && Number(match[2]) === Number(match[1]) + 1;
}

/** The school year a moment falls in, by the local calendar: August starts a new one. */
export function schoolYearOf(at: Date, timeZone: string): string {
  const { year, month } = localTime(at, timeZone);
  const first = month >= 8 ? year : year - 1;
  return `${first}-${first + 1}`;
}

/** The period of a school year (`2025-2026`); throws on anything else (check with `isSchoolYear`). */
export function schoolYearPeriod(label: string, timeZone: string): ReportPeriod {
  const match = YEAR.exec(label);
  if (!match || !isSchoolYear(label)) throw new Error(`school-year: not a school year: ${label}`);
  return datePeriod(`${match[1]}-08-01`, `${match[2]}-07-31`, timeZone, label);
}

/** A free period between two local dates (inclusive); null when either is no date or they are reversed. */
export function freePeriod(from: string, to: string, timeZone: string): ReportPeriod | null {
  if (civil(from) === null || civil(to) === null || from > to) return null;
  return datePeriod(from, to, timeZone, `${from}..${to}`);
}

function datePeriod(from: string, to: string, timeZone: string, label: string): ReportPeriod {
  const start = civil(from) ?? 0;
  const end = (civil(to) ?? 0) + DAY_MS;
  return { label, from, to, start: localMidnight(start, timeZone), end: localMidnight(end, timeZone) };
}

function civil(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(at).toISOString().slice(0, 10) === date ? at : null;
}

/** The local date (YYYY-MM-DD) of an instant. */
export function civilDate(at: Date, timeZone: string): string {
  const { year, month, day } = localTime(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Whether an outcome period label lies in or before the report's period, so the trend over the
 * years ends with this year. Labels are free text: `2024-2025` (a school year), `2025-10` (a
 * month), `2025` or `2025-T2`; a label whose start year is after the period's end is later.
 */
export function periodNotAfter(label: string, period: ReportPeriod): boolean {
  const year = YEAR.exec(label);
  const endYear = Number(period.to.slice(0, 4));
  if (year) return `${year[1]}-08-01` <= period.to;
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return `${month[1]}-${month[2]}-01` <= period.to;
  const first = /^(\d{4})/.exec(label);
  return first === null ? true : Number(first[1]) <= endYear;
}

/** Quarter ends within the period (and not after `today`), where the phase is judged anew; the period's end last. */
export function checkpoints(period: ReportPeriod, today: string): string[] {
  const ends: string[] = [];
  const [y, m] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))];
  for (let i = 3; i <= 12; i += 3) {
    const month = m - 1 + i; // the first day of the month after the quarter, zero-based from January of y
    const next = Date.UTC(y, month, 1) - DAY_MS;
    const date = new Date(next).toISOString().slice(0, 10);
    if (date >= period.to) break;
    ends.push(date);
  }
  ends.push(period.to);
  return ends.filter((d) => d <= today).concat(period.to > today && today >= period.from ? [today] : []);
}
