import type { Locale } from '../../dialogues/model.js';
import type { ReportBody } from '../../dialogues/report/report-body.js';
import { localized } from '../../dialogues/report/framework.js';
import type { ReportVersionSummary } from '../../dialogues/report/report-reads.js';
import { questionWording, t } from '../../i18n/index.js';
import {
  evidenceText,
  figure,
  meetsText,
  phaseName,
  quarterEnd,
  quarterTitles,
  reportSubtitle,
  reviewerName,
  schoolDialogue,
  targetText,
  trackText,
  outcomeSubjectHead,
  roundCount,
  roundsInTeams,
} from '../../report/report-format.js';
import { outcomesChartLines, participationChartLines } from '../../report/report-chart-rows.js';
import { html, type SafeHtml } from '../web/html.js';

export interface ReportPageView {
  locale: Locale;
  body: ReportBody;
  /** The query that names this report (`school=…&year=…`), for its links and forms. */
  query: string;
  /** School and year choices the reader may open. */
  choices: { value: string; label: string; selected: boolean }[];
  canCurate: boolean;
  versions: (ReportVersionSummary & { valid: boolean })[];
  /** Answers a coordinator may mark as highlights (newest rounds first). */
  answers: { id: string; key: string; text: string; teamName: string; highlighted: boolean }[];
}

export function reportSelector(locale: Locale, choices: ReportPageView['choices'], year: string): SafeHtml {
  return html`<form method="get" action="/dashboard/report" class="inline" data-testid="report-choice"><label>${t(locale, 'dashboard.school')} / ${t(locale, 'report.board')}
<select name="subject">${choices.map((c) => html`<option value="${c.value}"${c.selected ? html` selected` : ''}>${c.label}</option>`)}</select></label>
<label>${t(locale, 'report.year')} <input name="year" value="${year}" pattern="\\d{4}-\\d{4}" size="9"></label><button type="submit">${t(locale, 'report.show')}</button></form>`;
}

/** The report on the dashboard: the same sections as the PDF, with the coordinator's curation forms. */
export function reportBody(view: ReportPageView): SafeHtml {
  const { locale, body, query, canCurate } = view;
  const hidden = html`<input type="hidden" name="q" value="${query}">`;
  return html`${reportSelector(locale, view.choices, body.period.label)}
<p>${reportSubtitle(body, locale)} · ${t(locale, 'report.framework', { name: localized(body.framework.name, locale) })} · <a href="/dashboard/report.pdf?${query}" data-testid="report-pdf">${t(locale, 'report.pdf')}</a></p>
<p class="muted">${t(locale, 'report.privacy_note', { min: body.minGroupSize })}</p>
<h2>${t(locale, 'report.standards_title')}</h2>
${body.standards.map(
  (
    s,
  ) => html`<div class="card" data-testid="standard-${s.code}"><h3>${s.code} ${localized(s.name, locale)}</h3><p class="muted">${localized(s.description, locale)}</p>
<ul class="evidence">${s.evidence.map((e) => html`<li class="${e.met ? 'good' : 'bad'}">${e.met ? '✓' : '✗'} ${evidenceText(e, locale)}</li>`)}</ul>
<p><strong>${t(locale, 'report.missing_title')}:</strong> ${
    s.missing.length === 0
      ? t(locale, 'report.missing_none')
      : s.evidence
          .filter((e) => !e.met)
          .map((e) => evidenceText(e, locale))
          .join('; ')
  }</p>
${
  canCurate
    ? html`<form method="post" action="/dashboard/report/conclusion">${hidden}<input type="hidden" name="code" value="${s.code}"><label>${t(locale, 'report.conclusion')}<br><textarea name="text" rows="3" cols="80" maxlength="4000">${s.conclusion ?? ''}</textarea></label><br><button type="submit">${t(locale, 'report.save_conclusion')}</button></form>`
    : html`<p><strong>${t(locale, 'report.conclusion')}:</strong> ${s.conclusion ?? t(locale, 'report.conclusion_none')}</p>`
}</div>`,
)}
<h2>${t(locale, 'report.phase_title')}</h2>
<table><tbody>${body.phases.map((p) => html`<tr><td>${p.schoolName}</td><td><span class="phase">${phaseName(p.current.phase, locale)}</span></td><td>${trackText(p.track, locale)}</td></tr>`)}</tbody></table>
<h2>${t(locale, 'report.outcomes_title')}</h2>
${body.outcomes.length === 0 ? '' : reportChart(outcomesChartLines(body, locale), 'outcomes', view)}
${
  body.outcomes.length === 0
    ? html`<p>${t(locale, 'report.outcomes_none')}</p>`
    : html`<table data-testid="report-outcomes"><thead><tr><th>${outcomeSubjectHead(body.outcomes, locale)}</th><th>${t(locale, 'dashboard.metric')}</th><th>${t(locale, 'report.trend_title')}</th><th>${t(locale, 'dashboard.target')}</th><th></th></tr></thead>
<tbody>${body.outcomes.map((o) => html`<tr><td>${o.subjectName}</td><td>${o.name}</td><td>${o.series.map((s) => `${s.period}: ${figure(s.value, o.unit, locale)}`).join(' · ')}</td><td>${targetText(o, locale)}</td><td>${meetsText(o, locale)}</td></tr>`)}</tbody></table>`
}
<h2>${t(locale, 'report.dialogue_title')}</h2>
<p>${roundsInTeams(body.dialogue.rounds, body.dialogue.teams.filter((x) => x.rounds > 0).length, locale, 'dialogue_summary')}</p>
${reportChart(participationChartLines(body, locale), 'participation', view)}
<table><tbody>${schoolDialogue(body).map((s) => html`<tr><td>${s.schoolName}</td><td>${roundCount(s.rounds, locale)}</td><td>${s.participation === null ? '–' : `${s.participation}%`}</td></tr>`)}</tbody></table>
<h3>${t(locale, 'report.per_question')}</h3>
${body.dialogue.questions.map(
  (
    q,
  ) => html`<p><strong>${questionWording(q.key, locale)}</strong> <span class="muted">${t(locale, 'report.answers', { count: q.answers })}</span></p>
${q.excerpts.length === 0 ? html`<p class="muted">${t(locale, 'report.no_highlights')}</p>` : q.excerpts.map((e) => html`<blockquote data-testid="excerpt">${e.text}<br><span class="muted">${e.teamName === null ? t(locale, 'report.excerpt_source_hidden', { ...e }) : t(locale, 'report.excerpt_source', { ...e, team: e.teamName })}</span></blockquote>`)}`,
)}
<h2>${t(locale, 'report.actions_title')}</h2>
${
  body.actions.length === 0
    ? html`<p>${t(locale, 'report.actions_none')}</p>`
    : html`<table><thead><tr><th>${t(locale, 'report.action')}</th><th>${t(locale, 'report.owner')}</th><th>${t(locale, 'report.status')}</th><th>${t(locale, 'report.aimed_at')}</th></tr></thead>
<tbody>${body.actions.slice(0, 300).map((a) => html`<tr><td>${a.title}<br><span class="muted">${a.teamName}</span></td><td>${a.ownerName ?? '–'}</td><td>${t(locale, `report.status_names.${a.status}`)}</td><td>${a.aimedAt.map((x) => `${x.name}: ${t(locale, `report.moved.${x.moved}`)}`).join('; ') || '–'}</td></tr>`)}</tbody></table>`
}
<h2>${t(locale, 'report.quarters_title')}</h2>
<p class="muted">${t(locale, 'report.quarters_help')}</p>
<table data-testid="action-quarters"><thead><tr><th>${t(locale, 'report.quarter')}</th><th>${t(locale, 'report.decided', { count: body.actionQuarters.reduce((n, q) => n + q.decided.length, 0) })}</th><th>${t(locale, 'report.done', { count: body.actionQuarters.reduce((n, q) => n + q.done.length, 0) })}</th><th>${t(locale, 'report.quarter_end')}</th></tr></thead>
<tbody>${body.actionQuarters.map((q) => html`<tr><td>${t(locale, 'report.quarter_range', { from: q.from, to: q.to })}</td><td>${quarterTitles(q.decided, body.kind === 'board', locale)}</td><td>${quarterTitles(q.done, body.kind === 'board', locale)}</td><td>${quarterEnd(q, locale)}</td></tr>`)}</tbody></table>
<h2>${t(locale, 'report.outside_title')}</h2>
${body.outsideViews.length === 0 ? html`<p>${t(locale, 'report.outside_none')}</p>` : body.outsideViews.map((v) => html`<blockquote>${v.text}<br><span class="muted">${reviewerName(v, locale)} · ${v.teamName} · ${v.on}</span></blockquote>`)}
<h2>${t(locale, 'report.aspects_title')}</h2>
<ul>${body.aspects.map((a) => html`<li>${t(locale, `aspect.${a.aspect}`)}: ${roundsInTeams(a.rounds, a.teams, locale, 'aspect_line')}</li>`)}</ul>
<h2>${t(locale, 'report.versions_title')}</h2>
${view.versions.length === 0 ? html`<p class="muted">${t(locale, 'report.versions_none')}</p>` : html`<ul data-testid="versions">${view.versions.map((v) => html`<li><a href="/dashboard/report/versions/${v.id}.pdf">${t(locale, 'report.version_line', { version: v.version, at: v.publishedAt.toISOString().slice(0, 16).replace('T', ' ') })}</a> · <span class="${v.valid ? 'good' : 'bad'}">${t(locale, v.valid ? 'report.verified' : 'report.not_verified', { version: v.version, at: v.publishedAt.toISOString().slice(0, 10) })}</span></li>`)}</ul>`}
${canCurate ? curation(view, hidden) : ''}`;
}

/**
 * A report chart with what it draws in words (the figcaption is its text alternative), or a
 * sentence saying there is nothing to draw instead of bare axes.
 */
function reportChart(lines: string[], chart: 'outcomes' | 'participation', view: ReportPageView): SafeHtml {
  const { locale, query } = view;
  if (lines.length === 0)
    return html`<p class="muted" data-testid="${chart}-chart-empty">${t(locale, `report.chart_empty_${chart}`)}</p>`;
  const title = t(locale, chart === 'outcomes' ? 'report.chart_title' : 'report.chart_participation');
  return html`<figure data-testid="${chart}-chart-figure"><img class="chart" alt="${title}" src="/dashboard/report/${chart}.svg?${query}">
<figcaption><ul class="plain">${lines.map((line) => html`<li>${line}</li>`)}</ul></figcaption></figure>`;
}

function curation(view: ReportPageView, hidden: SafeHtml): SafeHtml {
  const { locale } = view;
  return html`<form method="post" action="/dashboard/report/publish">${hidden}<button type="submit" data-testid="publish">${t(locale, 'report.publish')}</button></form>
${
  view.body.kind === 'board'
    ? html`<h2>${t(locale, 'report.framework_title')}</h2><p class="muted">${t(locale, 'report.framework_help')}</p>
<form method="post" action="/dashboard/report/framework"><textarea name="framework" rows="6" cols="80" aria-label="JSON"></textarea><br><button type="submit">${t(locale, 'report.framework_title')}</button></form>`
    : ''
}
<h2>${t(locale, 'report.answers_title')}</h2>
<table data-testid="report-answers"><tbody>${view.answers.map((a) => html`<tr><td>${a.teamName}</td><td>${questionWording(a.key as Parameters<typeof questionWording>[0], locale)}</td><td>${a.text}</td><td><form method="post" action="/dashboard/report/highlight">${hidden}<input type="hidden" name="reply" value="${a.id}"><input type="hidden" name="on" value="${a.highlighted ? '0' : '1'}"><button type="submit">${t(locale, a.highlighted ? 'report.highlight_off' : 'report.highlight_on')}</button></form></td></tr>`)}</tbody></table>`;
}
