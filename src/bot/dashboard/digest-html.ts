import type { DigestMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { digestView, type DigestLine } from '../digest/digest-view.js';
import { html, type SafeHtml } from '../web/html.js';

/** The digest as a web page section (the dashboard's digest page and the Teams tab). */
export function digestHtml(message: DigestMessage, locale: Locale, chartSrc: string | null): SafeHtml {
  const view = digestView(message, locale);
  return html`<p class="muted">${view.subtitle}</p>
${view.sections.map((section) => html`<section class="card" data-section="${section.id}"><h2>${section.title}</h2><ul class="plain">${section.lines.map(line)}</ul></section>`)}
${chartSrc ? html`<p><img class="chart" src="${chartSrc}" alt="${t(locale, 'digest.chart_alt')}" width="800" height="400" data-testid="digest-chart"></p>` : ''}
<p class="muted">${view.note}</p>`;
}

function line(value: DigestLine): SafeHtml {
  const mark = value.mark === 'good' ? html`<span class="good">✔</span> ` : value.mark === 'bad' ? html`<span class="bad">✖</span> ` : '';
  if (value.quote) return html`<li><blockquote>${value.text}</blockquote></li>`;
  return html`<li style="${value.indent ? 'margin-left:1.4rem' : ''}">${mark}${value.text}</li>`;
}
