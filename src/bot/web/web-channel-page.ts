import type { Delivery } from '../../dialogues/ports.js';
import type { ChannelBinding, Locale, Person, Reply, Round, Team } from '../../dialogues/model.js';
import { questionText } from '../../dialogues/messages.js';
import type { QuestionKey } from '../../dialogues/questions.js';
import { questionWording, t } from '../../i18n/index.js';
import { html, type SafeHtml } from './html.js';
import { renderPost } from './web-post.js';

export interface ChannelView {
  locale: Locale;
  timeZone: string;
  binding: ChannelBinding;
  team: Team;
  isCoordinator: boolean;
  rounds: {
    round: Round;
    posts: Delivery[];
    replies: Reply[];
    mine: Partial<Record<QuestionKey, string>>;
    authors: ReadonlyMap<string, Person>;
  }[];
  /** A fresh id per page render: the thread form reuses it on a double submit, so the remark is stored once. */
  newMessageId: () => string;
}

export function channelNav(bindings: { binding: ChannelBinding; teamName: string }[], activeId: string | null, locale: Locale): SafeHtml {
  return html`<nav class="channels"><h2>${locale === 'nl' ? 'Teamkanalen' : 'Team channels'}</h2>
${bindings.map(({ binding, teamName }) => html`<a href="/web/channels/${binding.id}" class="${binding.id === activeId ? 'active' : ''}">${binding.name} <span class="meta">${teamName}</span></a>`)}
<h2>${locale === 'nl' ? 'Meer' : 'More'}</h2><a href="/dashboard">Dashboard</a></nav>`;
}

export function channelBody(view: ChannelView): SafeHtml {
  const { locale } = view;
  const nl = locale === 'nl';
  return html`<h1>${view.binding.name}</h1><p class="meta">${nl ? 'Team' : 'Team'} ${view.team.name}</p>
${view.isCoordinator ? html`<form class="card row" method="post" action="/web/channels/${view.binding.id}/rounds" data-testid="start-round">
<strong>${nl ? 'Start nu een ronde' : 'Start a round now'}</strong>
<input type="text" name="theme" maxlength="200" placeholder="${nl ? 'thema (optioneel)' : 'theme (optional)'}" aria-label="${nl ? 'thema' : 'theme'}">
<button type="submit">${nl ? 'Start ronde' : 'Start round'}</button></form>` : ''}
<form class="card row" method="post" action="/web/channels/${view.binding.id}/command">
<label for="cmd"><code>/vijfvragen</code></label><input id="cmd" type="text" name="text" maxlength="500" placeholder="help · koppel · ronde · schema · acties · digest · dashboard">
<button type="submit" class="secondary">${nl ? 'Verstuur' : 'Send'}</button></form>
${view.rounds.length === 0 ? html`<p class="meta">${nl ? 'Nog geen rondes in dit kanaal.' : 'No rounds in this channel yet.'}</p>` : ''}
${view.rounds.map((entry) => roundCard(view, entry))}`;
}

function roundCard(view: ChannelView, entry: ChannelView['rounds'][number]): SafeHtml {
  const { locale } = view;
  const { round, posts, replies, mine, authors } = entry;
  const prompt = posts.find((p) => p.purpose === 'prompt');
  const followUps = posts.filter((p) => p.purpose !== 'prompt');
  const answers = replies.filter((r) => r.questionKey !== null).length;
  const participants = new Set(replies.map((r) => r.authorToken)).size;
  const open = round.status === 'open';
  const title = round.theme ? t(locale, 'prompt.title', { theme: round.theme }) : t(locale, 'prompt.title_plain', { team: view.team.name });
  const threadReplies = replies.filter((r) => r.source === 'thread' || r.source === 'guest');
  return html`<article class="card" data-round="${round.id}">
<h3>${title} <span class="badge ${open ? 'open' : 'closed'}">${open ? (locale === 'nl' ? 'open' : 'open') : locale === 'nl' ? 'gesloten' : 'closed'}</span></h3>
<p class="meta" data-testid="reply-count">${t(locale, 'prompt.answers_count', { count: answers })} · ${t(locale, 'summary.participants', { count: participants })}</p>
${prompt ? renderPost(prompt.message, locale, view.timeZone) : html`<p class="meta">${locale === 'nl' ? 'De uitnodiging wordt zo geplaatst…' : 'The prompt is on its way…'}</p>`}
${open ? answerForm(view, round, mine) : ''}
${open && view.isCoordinator ? html`<form method="post" action="/web/rounds/${round.id}/close"><button class="secondary" type="submit">${locale === 'nl' ? 'Sluit de ronde nu' : 'Close the round now'}</button></form>` : ''}
<div class="thread">
${threadReplies.map((r) => html`<div class="post"><span class="meta">${r.authorPersonId ? (authors.get(r.authorPersonId)?.displayName ?? '') : locale === 'nl' ? 'anoniem' : 'anonymous'}${r.questionKey ? ` · ${questionWording(r.questionKey, locale)}` : ''}</span><pre class="reply">${r.text}</pre></div>`)}
${followUps.map((p) => html`<div class="post">${renderPost(p.message, locale, view.timeZone)}</div>`)}
${open ? html`<form method="post" action="/web/rounds/${round.id}/thread" class="row"><input type="hidden" name="messageId" value="${view.newMessageId()}">
<input type="text" name="text" maxlength="4000" style="flex:1" placeholder="${locale === 'nl' ? 'Reageer in de draad (bijv. "3. …")' : 'Reply in the thread (e.g. "3. …")'}" aria-label="thread">
<button class="secondary" type="submit">${locale === 'nl' ? 'Reageer' : 'Reply'}</button></form>` : ''}
</div></article>`;
}

function answerForm(view: ChannelView, round: Round, mine: Partial<Record<QuestionKey, string>>): SafeHtml {
  const { locale } = view;
  const edit = Object.keys(mine).length > 0;
  return html`<form method="post" action="/web/rounds/${round.id}/answers" data-testid="answer-form">
${round.questions.map((q, i) => html`<label class="q" for="a-${round.id}-${q.key}">${i + 1}. ${questionText(q, locale, questionWording)}</label>
<textarea id="a-${round.id}-${q.key}" name="${q.key}" maxlength="4000">${mine[q.key] ?? ''}</textarea>`)}
<p><button type="submit">${t(locale, edit ? 'prompt.edit_button' : 'prompt.answer_button')}</button></p></form>`;
}
