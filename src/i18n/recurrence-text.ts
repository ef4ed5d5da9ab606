import type { Locale, Schedule } from '../dialogues/model.js';
import { recurrenceOf } from '../dialogues/recurrence.js';
import { t } from './index.js';

const tagOf = (locale: Locale): string => (locale === 'nl' ? 'nl-NL' : 'en-GB');

/** The name of an ISO weekday (1 = Monday): "maandag", "Monday". */
export function weekdayName(weekday: number, locale: Locale): string {
  // 1 January 2024 was a Monday, so day `weekday` of that month has that ISO weekday.
  return new Intl.DateTimeFormat(tagOf(locale), { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );
}

/** The seven weekdays for a picker, Monday first: [{ value: 1, name: 'maandag' }, …]. */
export function weekdayOptions(locale: Locale): { value: number; name: string }[] {
  return [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, name: weekdayName(value, locale) }));
}

const clock = (hour: number, minute: number): string =>
  `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/**
 * The one way every list (Slack, Teams, web channel, dashboard, CLI) names when a schedule runs:
 * "Elke maandag om 09:00", "Om de 2 weken op maandag om 09:00", "Every Monday at 09:00".
 * People never see the cron expression it is stored as, unless one was typed by hand in a shape
 * the pickers cannot make.
 *
 * @example
 * describeSchedule({ cron: '0 9 * * 1', everyWeeks: 2 }, 'nl'); // 'Om de 2 weken op maandag om 09:00'
 */
export function describeSchedule(schedule: Pick<Schedule, 'cron'> & { everyWeeks?: number }, locale: Locale): string {
  const recurrence = recurrenceOf(schedule);
  switch (recurrence.kind) {
    case 'weekly': {
      const day = new Intl.ListFormat(tagOf(locale), { type: 'conjunction' }).format(
        recurrence.weekdays.map((d) => weekdayName(d, locale)),
      );
      const time = clock(recurrence.hour, recurrence.minute);
      return recurrence.everyWeeks > 1
        ? t(locale, 'plan.every_n_weeks', { n: recurrence.everyWeeks, day, time })
        : t(locale, 'plan.every_week', { day, time });
    }
    case 'daily':
      return t(locale, 'plan.every_day', { time: clock(recurrence.hour, recurrence.minute) });
    case 'monthly':
      return t(locale, 'plan.monthly', {
        day: recurrence.dayOfMonth,
        time: clock(recurrence.hour, recurrence.minute),
      });
    case 'custom':
      return t(locale, 'plan.custom', { cron: recurrence.cron });
  }
}
