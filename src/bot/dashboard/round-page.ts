import { visibilityOf } from '../../dialogues/answer-visibility.js';
import type { Locale } from '../../dialogues/model.js';
import type { RoundAnswers } from '../../dialogues/round-answers.js';
import { formatWhen, questionWording, t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';

/** One round's answers in full: where the thread summary's link leads. */
export function roundBody(view: RoundAnswers, locale: Locale, timeZone: string): SafeHtml {
  const { round, team } = view;
  const status = t(locale, round.status === 'open' ? 'dashboard.round_open' : 'dashboard.round_closed');
  return html`<p class="muted" data-testid="round-meta">${t(locale, 'dashboard.round_meta', { team: team.name, opened: formatWhen(round.openedAt, locale, timeZone), status })}</p>
<p>${t(locale, `dashboard.round_visibility_${visibilityOf(round)}`)} ${t(locale, 'dashboard.round_participants', { count: view.participants })}</p>
${view.withheld ? html`<p class="notice" data-testid="withheld">${t(locale, `dashboard.round_withheld_${view.withheld}`, { min: view.minGroupSize })}</p>` : ''}
${view.questions.map(
  (
    q,
  ) => html`<section class="card" data-question="${q.key ?? 'general'}"><h2>${q.key ? questionWording(q.key, locale) : t(locale, 'dashboard.round_general')} · ${q.count}</h2>
${q.answers.length > 0 ? q.answers.map((a) => html`<blockquote><p class="answer">${a.text}</p>${a.author || a.guest ? html`<footer class="muted">${a.guest ? t(locale, 'dashboard.round_guest') : a.author}</footer>` : ''}</blockquote>`) : view.withheld ? '' : html`<p class="muted">${t(locale, 'dashboard.round_no_answers')}</p>`}</section>`,
)}
<p><a href="/dashboard/teams/${team.id}">${t(locale, 'dashboard.round_back', { team: team.name })}</a></p>`;
}
