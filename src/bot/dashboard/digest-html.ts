import type { ChartData } from '../../dialogues/digest/chart-data.js';
import type { DigestMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { digestView, type DigestLine } from '../digest/digest-view.js';
import { html, type SafeHtml } from '../web/html.js';
import { chartFigure } from './chart-figure.js';

/** The digest as a web page section (the dashboard's digest page and the Teams tab). */
export function digestHtml(
  message: DigestMessage,
  locale: Locale,
  chart: { src: string; figures?: ChartData } | null,
): SafeHtml {
  const view = digestView(message, locale);
  return html`<p class="muted">${view.subtitle}</p>
${view.sections.map((section) => html`<section class="card" data-section="${section.id}"><h2>${section.title}</h2><ul class="plain">${section.lines.map(line)}</ul></section>`)}
${chart ? digestChart(chart, message.week, locale) : ''}
<p class="muted">${view.note}</p>`;
}

/** With its figures known (the dashboard), the chart's figures in words or a sentence that there are none. */
function digestChart(chart: { src: string; figures?: ChartData }, week: string, locale: Locale): SafeHtml {
  const alt = t(locale, 'digest.chart_alt');
  if (chart.figures)
    return chartFigure(chart.figures, {
      locale,
      src: chart.src,
      alt,
      testId: 'digest-chart',
      empty: t(locale, 'web.chart_empty_digest', { week }),
    });
  return html`<p><img class="chart" src="${chart.src}" alt="${alt}" width="800" height="400" data-testid="digest-chart"></p>`;
}

function line(value: DigestLine): SafeHtml {
  const mark =
    value.mark === 'good'
      ? html`<span class="good">✔</span> `
      : value.mark === 'bad'
        ? html`<span class="bad">✖</span> `
        : '';
  if (value.quote) return html`<li><blockquote>${value.text}</blockquote></li>`;
  return html`<li${value.indent ? html` class="indent"` : ''}>${mark}${value.text}</li>`;
}
