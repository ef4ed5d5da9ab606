import type { Participation } from '../../dialogues/digest/participation.js';
import type { Action, Locale, Person, Round, Team } from '../../dialogues/model.js';
import type { QuestionKey } from '../../dialogues/questions.js';
import { formatWhen, questionWording, t } from '../../i18n/index.js';
import type { ChartData } from '../../dialogues/digest/chart-data.js';
import { html, type SafeHtml } from '../web/html.js';
import { chartFigure } from './chart-figure.js';
import { responseCell } from './overview-page.js';

const STATUSES: readonly Action['status'][] = ['open', 'in_progress', 'done', 'dropped'];

export interface TeamView {
  locale: Locale;
  timeZone: string;
  team: Team;
  schoolName: string;
  rounds: { round: Round; participation: Participation }[];
  questions: { key: QuestionKey; count: number; excerpts: { text: string; author: string | null }[] }[];
  actions: Action[];
  people: ReadonlyMap<string, Person>;
  /** Who may be made owner: the team's members and whoever owns an action now. */
  owners: Person[];
}

export function teamBody(view: TeamView, chart: ChartData): SafeHtml {
  const { locale } = view;
  return html`<p class="muted">${view.schoolName}</p>
<h2>${t(locale, 'dashboard.outcomes_title')}</h2>
${chartFigure(chart, {
  locale,
  src: `/dashboard/teams/${view.team.id}/chart.png`,
  alt: t(locale, 'dashboard.chart_alt', { team: view.team.name }),
  testId: 'team-chart',
  empty: t(locale, 'web.chart_empty', { team: view.team.name }),
})}
<h2>${t(locale, 'dashboard.rounds_title')}</h2>
${
  view.rounds.length === 0
    ? html`<p>${t(locale, 'dashboard.no_rounds')}</p>`
    : html`<table data-testid="rounds"><thead><tr><th>${t(locale, 'dashboard.rounds')}</th><th>${t(locale, 'dashboard.last_round')}</th><th>${t(locale, 'dashboard.status')}</th><th>${t(locale, 'dashboard.response')}</th></tr></thead>
<tbody>${view.rounds.map(({ round, participation }) => html`<tr><td><a href="/dashboard/rounds/${round.id}">${round.theme || view.team.name}</a></td><td>${formatWhen(round.openedAt, locale, view.timeZone)}</td><td>${t(locale, round.status === 'open' ? 'dashboard.round_open' : 'dashboard.round_closed')}</td><td>${responseCell(participation, locale)}</td></tr>`)}</tbody></table>`
}
<h2>${t(locale, 'dashboard.answers_title')}</h2>
${view.questions.map(
  (q) => html`<div class="card" data-question="${q.key}"><strong>${questionWording(q.key, locale)}</strong> · ${q.count}
${q.excerpts.map((e) => html`<blockquote>${e.text}${e.author ? html` <span class="muted">(${e.author})</span>` : ''}</blockquote>`)}</div>`,
)}
<h2>${t(locale, 'dashboard.actions_title')}</h2>
${
  view.actions.length === 0
    ? html`<p>${t(locale, 'dashboard.no_actions')}</p>`
    : html`<table data-testid="actions" class="stack"><thead><tr><th>${t(locale, 'dashboard.actions_title')}</th><th>${t(locale, 'dashboard.owner')}</th><th>${t(locale, 'dashboard.due')}</th><th>${t(locale, 'dashboard.status')}</th><th></th></tr></thead>
<tbody>${view.actions.map((a) => actionRow(a, view))}</tbody></table>`
}`;
}

function actionRow(action: Action, view: TeamView): SafeHtml {
  const { locale } = view;
  const form = `action-${action.id}`;
  return html`<tr data-action="${action.id}"><td>#${action.number} ${action.title}</td>
<td><select name="owner" form="${form}" aria-label="${t(locale, 'dashboard.owner')}"><option value="">—</option>${view.owners.map((p) => html`<option value="${p.id}"${p.id === action.ownerPersonId ? html` selected` : ''}>${p.displayName}</option>`)}</select></td>
<td><input type="date" name="due" form="${form}" value="${action.dueOn ?? ''}" aria-label="${t(locale, 'dashboard.due')}"></td>
<td><select name="status" form="${form}" aria-label="${t(locale, 'dashboard.status')}">${STATUSES.map((s) => html`<option value="${s}"${s === action.status ? html` selected` : ''}>${t(locale, `action_status.${s}`)}</option>`)}</select></td>
<td><form id="${form}" method="post" action="/dashboard/actions/${action.id}"><button type="submit">${t(locale, 'dashboard.save')}</button></form></td></tr>`;
}
