import type { DigestOutcome } from '../../dialogues/digest/digest-body.js';
import type { Locale } from '../../dialogues/model.js';
import type { Metric } from '../../dialogues/outcomes/model.js';
import { formatFigure, formatNumber } from '../../i18n/numbers.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';

export interface OutcomesView {
  locale: Locale;
  metrics: Metric[];
  latest: DigestOutcome[];
  canImport: boolean;
}

export function outcomesBody(view: OutcomesView): SafeHtml {
  const { locale } = view;
  return html`<table data-testid="metrics"><thead><tr><th>${t(locale, 'dashboard.metric')}</th><th>${t(locale, 'dashboard.unit')}</th><th>${t(locale, 'dashboard.target')}</th></tr></thead>
<tbody>${view.metrics.map((m) => html`<tr><td>${m.name} <code>${m.key}</code></td><td>${m.unit}</td><td>${m.target ?? '—'} ${m.higherIsBetter ? '↑' : '↓'}</td></tr>`)}</tbody></table>
<h2>${t(locale, 'dashboard.latest')}</h2>
<table data-testid="latest"><thead><tr><th>${t(locale, 'dashboard.school')} / ${t(locale, 'dashboard.team')}</th><th>${t(locale, 'dashboard.metric')}</th><th></th><th>${t(locale, 'dashboard.target')}</th><th></th></tr></thead>
<tbody>${view.latest.map(
    (
      o,
    ) => html`<tr><td>${o.subjectName}</td><td>${o.name} (${o.period})</td><td>${o.value === null ? t(locale, 'dashboard.small_group') : formatFigure(o.value, o.unit, locale)}</td><td>${o.target === null ? '—' : formatFigure(o.target, o.unit, locale)}</td>
<td>${o.meetsTarget === null ? '' : html`<span class="${o.meetsTarget ? 'good' : 'bad'}">${t(locale, o.meetsTarget ? 'digest.meets' : 'digest.misses')}</span>`}${o.change === null ? '' : ` (${o.change > 0 ? '+' : ''}${formatNumber(o.change, locale)})`}</td></tr>`,
  )}</tbody></table>
${
  view.canImport
    ? html`<h2>${t(locale, 'dashboard.import_title')}</h2><p class="muted">${t(locale, 'dashboard.import_help')}</p>
<form method="post" action="/dashboard/outcomes/import" enctype="multipart/form-data" class="inline">
<input type="file" name="file" accept=".csv,text/csv,.xlsx" aria-label="CSV / Excel"><button type="submit">${t(locale, 'dashboard.import_button')}</button></form>`
    : ''
}`;
}
