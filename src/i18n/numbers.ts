import type { Locale } from '../dialogues/model.js';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * The one number formatter of every text the bot shows: a decimal comma in Dutch ("89,5"), a
 * point in English ("89.5"), at most one decimal unless asked otherwise. Prompts, digests, the
 * dashboard, charts and the report all use it, so one figure reads the same everywhere.
 */
export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 1): string {
  const key = `${locale}:${maximumFractionDigits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits });
    formats.set(key, format);
  }
  return format.format(value);
}

/** A figure with its unit: "89,5%", "7,9", "4,2 dagen". */
export function formatFigure(value: number, unit: string, locale: Locale): string {
  const number = formatNumber(value, locale);
  return unit === '%' ? `${number}%` : unit === '' ? number : `${number} ${unit}`;
}
