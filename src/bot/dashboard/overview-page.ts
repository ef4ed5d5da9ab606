import type { SchoolPhase } from '../../dialogues/digest/digest-body.js';
import type { Participation } from '../../dialogues/digest/participation.js';
import type { Locale, School, Team } from '../../dialogues/model.js';
import { formatWhen, t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';

export interface OverviewTeam {
  team: Team;
  members: number;
  lastRoundAt: Date | null;
  last: Participation | null;
}

export interface OverviewView {
  locale: Locale;
  timeZone: string;
  schools: { school: School; phase: SchoolPhase | null; teams: OverviewTeam[] }[];
}

export function overviewBody(view: OverviewView): SafeHtml {
  const { locale } = view;
  return html`${view.schools.map(
    ({ school, phase, teams }) => html`<section class="card" data-school="${school.id}">
<h2>${school.name} ${phase ? html`<span class="phase" data-testid="phase">${t(locale, 'dashboard.phase')} ${phase.phase}: ${t(locale, `digest.phase_${phase.phase}`)}</span>` : ''}</h2>
${phase ? html`<ul class="plain evidence">${phase.evidence.map((e) => html`<li><span class="${e.met ? 'good' : 'bad'}">${e.met ? '✔' : '✖'}</span> ${e.phase}. ${t(locale, `digest.evidence.${e.key}`, e.params)}</li>`)}</ul>` : ''}
<table><thead><tr><th>${t(locale, 'dashboard.team')}</th><th>${t(locale, 'dashboard.members')}</th><th>${t(locale, 'dashboard.last_round')}</th><th>${t(locale, 'dashboard.response')}</th></tr></thead>
<tbody>${teams.map(
      (row) => html`<tr><td><a href="/dashboard/teams/${row.team.id}">${row.team.name}</a></td><td>${row.members}</td>
<td>${row.lastRoundAt ? formatWhen(row.lastRoundAt, locale, view.timeZone) : t(locale, 'dashboard.never')}</td>
<td>${responseCell(row.last, locale)}</td></tr>`,
    )}</tbody></table></section>`,
  )}`;
}

export function responseCell(last: Participation | null, locale: Locale): string {
  if (!last) return '—';
  if (last.smallGroup || last.responseRate === null) return t(locale, 'dashboard.small_group');
  return `${last.responseRate}% (${last.participants})`;
}
