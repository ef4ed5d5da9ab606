import type { Locale } from '../../dialogues/model.js';
import { questionText, type OutgoingMessage } from '../../dialogues/messages.js';
import { formatWhen, questionWording, t } from '../../i18n/index.js';
import { digestHtml } from '../dashboard/digest-html.js';
import { html, type SafeHtml } from './html.js';
import { outcomeFigureText } from '../outcome-figure-text.js';

/** How one bot post looks in the web channel. Forms for prompts are added by the channel page. */
export function renderPost(message: OutgoingMessage, locale: Locale, timeZone: string): SafeHtml {
  switch (message.kind) {
    case 'round.prompt':
      return html`<p>${t(locale, 'prompt.intro', { team: message.teamName })}</p>
${message.outcomes.length > 0 ? html`<p><strong>${t(locale, 'prompt.outcomes')}</strong></p><ul class="plain">${message.outcomes.map((o) => html`<li>${outcomeLine(o, locale)}</li>`)}</ul>` : ''}
${message.openActions.length > 0 ? html`<p><strong>${t(locale, 'prompt.open_actions')}</strong></p><ul class="plain">${message.openActions.map((a) => html`<li>${a.title} (${t(locale, `action_status.${a.status}`)}${a.ownerName ? `, ${a.ownerName}` : ''})</li>`)}</ul>` : ''}
<ol>${message.questions.map((q) => html`<li>${questionText(q, locale, questionWording)}</li>`)}</ol>
<p class="meta">${t(locale, 'prompt.closes', { when: formatWhen(message.closesAt, locale, timeZone) })} ${t(locale, message.anonymous ? 'prompt.anonymous' : 'prompt.named')}</p>`;
    case 'round.reminder':
      return html`<p>🔔 ${t(locale, 'reminder.text', { theme: message.theme || message.teamName, team: message.teamName, when: formatWhen(message.closesAt, locale, timeZone) })}</p>`;
    case 'round.summary':
      return html`<p><strong>${t(locale, 'summary.title', { theme: message.theme || message.teamName })}</strong></p>
${message.participants === 0 ? html`<p>${t(locale, 'summary.none')}</p>` : html`<p>${t(locale, 'summary.participants', { count: message.participants })}</p>
<ul class="plain">${message.perQuestion.map((q) => html`<li>${t(locale, 'summary.per_question', { question: questionWording(q.key, locale), count: q.count })}</li>`)}
<li>${t(locale, 'summary.general', { count: message.generalRemarks })}</li><li>${t(locale, 'summary.actions', { count: message.actionsCreated })}</li></ul>`}`;
    case 'notice':
      return html`<p>${t(locale, `notice.${message.code}`, message.params)}</p>`;
    case 'digest':
      return html`<p><strong>${t(locale, 'digest.title')} ${message.week}</strong></p>${digestHtml(message, locale, message.body.chartUrl)}<p><a href="/dashboard">${t(locale, 'digest.dashboard_link')}</a></p>`;
  }
}

function outcomeLine(o: Extract<OutgoingMessage, { kind: 'round.prompt' }>['outcomes'][number], locale: Locale): string {
  return outcomeFigureText(o, locale);
}
