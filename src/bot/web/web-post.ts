import type { Locale } from '../../dialogues/model.js';
import { questionText, type OutgoingMessage, type SummaryMessage } from '../../dialogues/messages.js';
import { formatWhen, questionWording, t } from '../../i18n/index.js';
import { digestHtml } from '../dashboard/digest-html.js';
import { html, type SafeHtml } from './html.js';
import { outcomeFigureText } from '../outcome-figure-text.js';
import { answerLine, fullTextUrl, promptPrivacyNote, summaryParts } from '../summary-text.js';

/** How one bot post looks in the web channel. Forms for prompts are added by the channel page. */
export function renderPost(
  message: OutgoingMessage,
  locale: Locale,
  timeZone: string,
  dashboardUrl?: string,
  closedAt: Date | null = null,
): SafeHtml {
  switch (message.kind) {
    case 'round.prompt':
      return html`<p>${t(locale, 'prompt.intro', { team: message.teamName })}</p>
${message.outcomes.length > 0 ? html`<p><strong>${t(locale, 'prompt.outcomes')}</strong></p><ul class="plain">${message.outcomes.map((o) => html`<li>${outcomeLine(o, locale)}</li>`)}</ul>` : ''}
${message.openActions.length > 0 ? html`<p><strong>${t(locale, 'prompt.open_actions')}</strong></p><ul class="plain">${message.openActions.map((a) => html`<li>#${a.number} ${a.title} (${t(locale, `action_status.${a.status}`)}${a.ownerName ? `, ${a.ownerName}` : ''})</li>`)}</ul>` : ''}
<ol>${message.questions.map((q) => html`<li>${questionText(q, locale, questionWording)}</li>`)}</ol>
<p class="meta">${closedAt ? t(locale, 'prompt.closed_at', { when: formatWhen(closedAt, locale, timeZone) }) : t(locale, 'prompt.closes', { when: formatWhen(message.closesAt, locale, timeZone) })} ${promptPrivacyNote(locale, message)}</p>`;
    case 'round.reminder':
      return html`<p>🔔 ${t(locale, 'reminder.text', { theme: message.theme || message.teamName, team: message.teamName, when: formatWhen(message.closesAt, locale, timeZone) })}</p>`;
    case 'round.summary':
      return summaryPost(message, locale, dashboardUrl);
    case 'notice':
      return html`<p>${t(locale, `notice.${message.code}`, message.params)}</p>`;
    case 'digest':
      return html`<p><strong>${t(locale, 'digest.title')} ${message.week}</strong></p>${digestHtml(message, locale, message.body.chartUrl ? { src: message.body.chartUrl } : null)}<p><a href="${message.body.dashboardUrl ?? dashboardUrl ?? '/dashboard'}">${t(locale, 'digest.dashboard_link')}</a></p>`;
  }
}

function outcomeLine(
  o: Extract<OutgoingMessage, { kind: 'round.prompt' }>['outcomes'][number],
  locale: Locale,
): string {
  return outcomeFigureText(o, locale);
}

/** The thread summary: per question the answers the team may read, and a link to the full text. */
function summaryPost(message: SummaryMessage, locale: Locale, dashboardUrl: string | undefined): SafeHtml {
  const parts = summaryParts(message, locale);
  const url =
    fullTextUrl(message, dashboardUrl) ??
    (message.dashboardPath ? `${dashboardUrl ?? '/dashboard'}/${message.dashboardPath}` : null);
  if (message.participants === 0) return html`<p><strong>${parts.title}</strong></p><p>${parts.lead}</p>`;
  return html`<section class="summary" data-testid="summary"><p><strong>${parts.title}</strong></p><p>${parts.lead}</p>
${parts.questions.map((q) => html`<h4>${q.heading}</h4>${q.answers.length > 0 ? html`<ul class="answers">${q.answers.map(answerLine).map((a) => html`<li>${a.author ? html`<strong>${a.author}</strong>: ` : ''}${a.text}</li>`)}</ul>` : q.empty ? html`<p class="meta">${t(locale, 'summary.no_answers')}</p>` : ''}${q.more ? html`<p class="meta">${q.more}</p>` : ''}`)}
${parts.withheld ? html`<p class="meta" data-testid="withheld">${parts.withheld}</p>` : ''}
<p class="meta">${parts.totals.join(' · ')}</p>
${url ? html`<p><a href="${url}">${parts.linkLabel}</a></p>` : ''}</section>`;
}
