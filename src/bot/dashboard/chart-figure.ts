import { hasFigures, type ChartData } from '../../dialogues/digest/chart-data.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';

export interface ChartFigureOptions {
  locale: Locale;
  src: string;
  alt: string;
  /** Names the test ids: `<id>` (the image), `<id>-figure` and `<id>-empty`. */
  testId: string;
  /** The sentence shown instead of bare axes when there is nothing to draw. */
  empty: string;
}

/**
 * A chart of outcome figures and the weekly response rate (the team page and the digest) with its
 * figures in words: the figcaption is its text alternative. With nothing to draw it is a sentence
 * saying so, not bare axes.
 */
export function chartFigure(chart: ChartData, options: ChartFigureOptions): SafeHtml {
  const { locale, testId } = options;
  const series = chart.outcomes.filter((o) => o.values.some((v) => v !== null));
  const rates = chart.response.weeks.flatMap((week, i) => {
    const rate = chart.response.rates[i];
    return rate === null || rate === undefined ? [] : [{ week, rate }];
  });
  if (!hasFigures(chart)) return html`<p class="muted" data-testid="${testId}-empty">${options.empty}</p>`;
  const number = (n: number) => n.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
  const lines = series.map((o) => {
    const figures = o.periods.flatMap((period, i) => {
      const value = o.values[i];
      return value === null || value === undefined ? [] : [`${period}: ${number(value)}${o.unit}`];
    });
    const target = o.target === null ? '' : ` (${t(locale, 'dashboard.target')} ${number(o.target)}${o.unit})`;
    return `${o.name}${target}: ${figures.join(', ')}`;
  });
  if (rates.length > 0)
    lines.push(`${t(locale, 'web.chart_response')}: ${rates.map((r) => `${r.week} ${number(r.rate)} %`).join(', ')}`);
  return html`<figure data-testid="${testId}-figure"><img class="chart" src="${options.src}" alt="${options.alt}" width="800" height="400" data-testid="${testId}">
<figcaption><ul class="plain">${lines.map((line) => html`<li>${line}</li>`)}</ul></figcaption></figure>`;
}
