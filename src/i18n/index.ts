import i18next, { type i18n } from 'i18next';
import type { Locale } from '../dialogues/model.js';
import type { QuestionKey } from '../dialogues/questions.js';
import type { MessageKey } from './catalogue.js';
import { en } from './en.js';
import { nl } from './nl.js';

export type { MessageKey } from './catalogue.js';
export const LOCALES: readonly Locale[] = ['nl', 'en'];

const instance: i18n = i18next.createInstance();
void instance.init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: 'nl',
  fallbackLng: 'nl',
  initAsync: false,
  // Error codes contain dots (`round.closed`) but are keys of one level: only split on the first.
  keySeparator: '.',
  nsSeparator: false,
  returnObjects: true,
  interpolation: { escapeValue: false },
});

/**
 * Translates a key. Values are interpolated unescaped: every renderer escapes for its own format
 * (mrkdwn, Adaptive Card text, HTML) after translation.
 */
export function t(
  locale: Locale,
  key: MessageKey | `error.${string}` | `notice.${string}`,
  params: Record<string, unknown> = {},
): string {
  const value = instance.t(key, { lng: locale, ...params });
  return typeof value === 'string' ? value : String(value);
}

/** A list from the catalogue, such as the help lines. */
export function lines(locale: Locale, key: 'help.lines'): string[] {
  const value = instance.t(key, { lng: locale, returnObjects: true }) as unknown;
  return Array.isArray(value) ? value.map(String) : [];
}

export function questionWording(key: QuestionKey, locale: Locale): string {
  return t(locale, `question.${key}`);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'nl' || value === 'en';
}

/** "maandag 2 maart om 09:00", in the organisation's time zone. */
export function formatWhen(at: Date | string, locale: Locale, timeZone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  const { day, time } = whenFormats(locale, timeZone);
  return t(locale, 'time.at', { date: day.format(date), time: time.format(date) });
}

/** Building an Intl.DateTimeFormat costs far more than formatting with one: kept per locale and time zone. */
const whenFormatCache = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function whenFormats(locale: Locale, timeZone: string): { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat } {
  const key = `${locale}|${timeZone}`;
  let formats = whenFormatCache.get(key);
  if (formats === undefined) {
    const tag = locale === 'nl' ? 'nl-NL' : 'en-GB';
    formats = {
      day: new Intl.DateTimeFormat(tag, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }),
      time: new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    // Time zones come from the organisations' settings: few, but not trusted to stay few.
    if (whenFormatCache.size >= 200) whenFormatCache.clear();
    whenFormatCache.set(key, formats);
  }
  return formats;
}

/** A weekly moment (ISO weekday, hour, minute) as words: { day: 'maandag', time: '07:30' }. */
export function formatWeekly(
  moment: { weekday: number; hour: number; minute: number },
  locale: Locale,
): { day: string; time: string } {
  return {
    // 1 January 2024 was a Monday, so day `weekday` of that month has that ISO weekday.
    day: new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, moment.weekday)),
    ),
    time: `${String(moment.hour).padStart(2, '0')}:${String(moment.minute).padStart(2, '0')}`,
  };
}
