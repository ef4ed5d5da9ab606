import type { Locale, Schedule, Team, Template } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';

export interface SchedulesView {
  locale: Locale;
  schedules: Schedule[];
  templates: ReadonlyMap<string, Template>;
  teams: ReadonlyMap<string, Team>;
  digestWhen: string;
  /** Leaders' own digest moments and leadership channels. */
  subscriptions: { who: string; where: string; when: string }[];
}

export function schedulesBody(view: SchedulesView): SafeHtml {
  const { locale } = view;
  return html`<table data-testid="schedules"><thead><tr><th>${t(locale, 'dashboard.template')}</th><th>${t(locale, 'dashboard.cron')}</th><th>${t(locale, 'dashboard.time_zone')}</th><th>${t(locale, 'dashboard.teams')}</th><th>${t(locale, 'dashboard.status')}</th></tr></thead>
<tbody>${view.schedules.map((s) => html`<tr><td>${view.templates.get(s.templateId)?.name ?? s.templateId}</td><td><code>${s.cron}</code></td><td>${s.timeZone}</td>
<td>${s.teamIds.map((id) => view.teams.get(id)?.name).filter(Boolean).join(', ')}</td><td>${t(locale, s.paused ? 'dashboard.paused' : 'dashboard.active')}</td></tr>`)}</tbody></table>
<h2>${t(locale, 'dashboard.digest_title')}</h2><p>${view.digestWhen}</p>
${view.subscriptions.length > 0 ? html`<table data-testid="digest-subscriptions"><thead><tr><th>${t(locale, 'dashboard.digest_who')}</th><th>${t(locale, 'dashboard.digest_where')}</th><th>${t(locale, 'dashboard.digest_at')}</th></tr></thead>
<tbody>${view.subscriptions.map((s) => html`<tr><td>${s.who}</td><td>${s.where}</td><td>${s.when}</td></tr>`)}</tbody></table>` : ''}`;
}
