import type { Delivery } from '../../dialogues/ports.js';
import type { ChannelBinding, Locale, Person, Reply, Round, Team } from '../../dialogues/model.js';
import { questionText } from '../../dialogues/messages.js';
import type { QuestionKey } from '../../dialogues/questions.js';
import { questionWording, t } from '../../i18n/index.js';
import { MAX_REPLY_CHARS, MAX_TITLE_CHARS } from '../../dialogues/limits.js';
import { html, type SafeHtml } from './html.js';
import { textField } from './text-field.js';
import { renderPost } from './web-post.js';

/** Text a person sent that was refused: the page comes back with it, so nothing typed is lost. */
export interface Draft {
  roundId: string;
  answers: Partial<Record<QuestionKey, string>>;
  thread: string | null;
}

export interface ChannelView {
  locale: Locale;
  timeZone: string;
  /** The dashboard's absolute address, for links in posts. */
  dashboardUrl: string;
  binding: ChannelBinding;
  team: Team;
  isCoordinator: boolean;
  /** Whether the person may answer in this team; if not, the page offers to join instead of the form. */
  canAnswer: boolean;
  draft: Draft | null;
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

export function channelNav(
  bindings: { binding: ChannelBinding; teamName: string }[],
  activeId: string | null,
  locale: Locale,
): SafeHtml {
  return html`<nav class="channels" aria-label="${t(locale, 'web.nav_label')}">
    <h2>${t(locale, 'web.nav_teams')}</h2>
    ${bindings.map(({ binding, teamName }) => html`<a href="/web/channels/${binding.id}" class="${binding.id === activeId ? 'active' : ''}">${binding.name} <span class="meta">${teamName}</span></a>`)}
    <h2>${t(locale, 'web.nav_more')}</h2>
    <a href="/dashboard">Dashboard</a>
  </nav>`;
}

export function channelBody(view: ChannelView): SafeHtml {
  const { locale } = view;
  return html`<h1>${view.binding.name}</h1>
    <p class="meta">${t(locale, 'web.team', { team: view.team.name })}</p>
    ${
      view.isCoordinator
        ? html`<form
            class="card row"
            method="post"
            action="/web/channels/${view.binding.id}/rounds"
            data-testid="start-round"
          >
            <strong>${t(locale, 'web.start_title')}</strong>
            <input type="hidden" name="requestId" value="${view.newMessageId()}" />
            <span class="field"
              >${textField({
                id: `theme-${view.binding.id}`,
                name: 'theme',
                max: MAX_TITLE_CHARS,
                locale,
                placeholder: t(locale, 'web.theme_placeholder'),
                label: t(locale, 'web.theme_label'),
              })}</span
            >
            <button type="submit">${t(locale, 'web.start_button')}</button>
          </form>
          <p class="meta" data-testid="plan-schedule">
            ${t(locale, 'web.plan_hint')} <a href="${view.dashboardUrl}/schedules/new">${t(locale, 'web.plan_link')}</a>
          </p>`
        : ''
    }
    <form class="card row" method="post" action="/web/channels/${view.binding.id}/command">
      <label for="cmd"><code>/vijfvragen</code></label
      ><span class="grow field"
        >${textField({
          id: 'cmd',
          name: 'text',
          max: 500,
          locale,
          placeholder: 'help · koppel · ronde · schema · acties · digest · dashboard',
        })}</span
      >
      <button type="submit" class="secondary">${t(locale, 'web.send')}</button>
    </form>
    ${view.rounds.length === 0 ? html`<p class="meta">${t(locale, 'web.no_rounds')}</p>` : ''}
    ${view.rounds.map((entry) => roundCard(view, entry))}`;
}

function roundCard(view: ChannelView, entry: ChannelView['rounds'][number]): SafeHtml {
  const { locale } = view;
  const { round, posts, replies, mine, authors } = entry;
  const draft = view.draft?.roundId === round.id ? view.draft : null;
  const prompt = posts.find((p) => p.purpose === 'prompt');
  const followUps = posts.filter((p) => p.purpose !== 'prompt');
  const answers = replies.filter((r) => r.questionKey !== null).length;
  // A guest's view is not a team member taking part.
  const participants = new Set(replies.filter((r) => r.source !== 'guest').map((r) => r.authorToken)).size;
  const open = round.status === 'open';
  const title = round.theme
    ? t(locale, 'prompt.title', { theme: round.theme })
    : t(locale, 'prompt.title_plain', { team: view.team.name });
  const threadReplies = replies.filter((r) => r.source === 'thread' || r.source === 'guest');
  return html`<article class="card" data-round="${round.id}">
    <h3>
      ${title}
      <span class="badge ${open ? 'open' : 'closed'}"
        >${t(locale, open ? 'dashboard.round_open' : 'dashboard.round_closed')}</span
      >
    </h3>
    <p class="meta" data-testid="reply-count">
      ${t(locale, open ? 'prompt.answers_count' : 'prompt.answers_total', { count: answers })} ·
      ${t(locale, 'summary.participants', { count: participants })}
    </p>
    ${prompt ? renderPost(prompt.message, locale, view.timeZone, view.dashboardUrl, round.closedAt) : html`<p class="meta">${t(locale, 'web.prompt_pending')}</p>`}
    ${open && view.canAnswer ? answerForm(view, round, mine, draft?.answers ?? {}) : ''}
    ${open && !view.canAnswer ? joinForm(view) : ''} ${keptText(view, round, draft, open)}
    ${open && view.isCoordinator ? closeForm(locale, round) : ''}
    <div class="thread">
      ${threadReplies.map(
        (r) =>
          html`<div class="post">
            <span class="meta"
              >${r.authorPersonId ? (authors.get(r.authorPersonId)?.displayName ?? '') : t(locale, 'web.anonymous')}${r.questionKey ? ` · ${questionWording(r.questionKey, locale)}` : ''}</span
            >
            <pre class="reply">${r.text}</pre>
          </div>`,
      )}
      ${followUps.map((p) => html`<div class="post">${renderPost(p.message, locale, view.timeZone, view.dashboardUrl)}</div>`)}
      ${
        open
          ? html`<form method="post" action="/web/rounds/${round.id}/thread" class="row">
              <input type="hidden" name="messageId" value="${view.newMessageId()}" />
              <span class="grow field"
                >${textField({
                  id: `thread-${round.id}`,
                  name: 'text',
                  max: MAX_REPLY_CHARS,
                  locale,
                  value: draft?.thread ?? '',
                  multiline: true,
                  rows: 2,
                  placeholder: t(locale, 'web.thread_placeholder'),
                  label: t(locale, 'web.thread_label'),
                })}</span
              >
              <button class="secondary" type="submit">${t(locale, 'web.thread_button')}</button>
            </form>`
          : ''
      }
    </div>
  </article>`;
}

/** Closing ends the dialogue for everyone, so it takes a second, deliberate step (no script needed). */
function closeForm(locale: Locale, round: Round): SafeHtml {
  return html`<details class="confirm" data-testid="close-round"><summary>${t(locale, 'prompt.close_button')}</summary>
<form method="post" action="/web/rounds/${round.id}/close"><input type="hidden" name="confirm" value="yes"><p>${t(locale, 'prompt.close_confirm')}</p>
<button type="submit" class="danger">${t(locale, 'prompt.close_yes')}</button></form></details>`;
}

function answerForm(
  view: ChannelView,
  round: Round,
  mine: Partial<Record<QuestionKey, string>>,
  drafts: Partial<Record<QuestionKey, string>>,
): SafeHtml {
  const { locale } = view;
  const edit = Object.keys(mine).length > 0;
  const kept = Object.keys(drafts).length > 0;
  return html`<form
    method="post"
    action="/web/rounds/${round.id}/answers"
    data-testid="answer-form"
    ${kept ? html`data-draft="yes"` : ''}
  >
    ${round.questions.map(
      (q, i) =>
        html`<label class="q" for="a-${round.id}-${q.key}">${i + 1}. ${questionText(q, locale, questionWording)}</label>
          ${textField({
            id: `a-${round.id}-${q.key}`,
            name: q.key,
            max: MAX_REPLY_CHARS,
            locale,
            multiline: true,
            value: drafts[q.key] ?? mine[q.key] ?? '',
          })}`,
    )}
    <p><button type="submit">${t(locale, edit ? 'prompt.edit_button' : 'prompt.answer_button')}</button></p>
  </form>`;
}

/** For someone who may not answer in this team: the way in, rather than a form that will refuse. */
function joinForm(view: ChannelView): SafeHtml {
  const { locale } = view;
  return html`<form
    method="post"
    action="/web/channels/${view.binding.id}/join"
    class="card join"
    data-testid="join-team"
  >
    <p>${t(locale, 'web.join_text', { team: view.team.name })}</p>
    <button type="submit">${t(locale, 'web.join_button', { team: view.team.name })}</button>
  </form>`;
}

/**
 * Refused text that has no form to go back into (the round closed, or the person may not answer):
 * shown read-only, to copy.
 */
function keptText(view: ChannelView, round: Round, draft: Draft | null, open: boolean): SafeHtml {
  if (!draft) return html``;
  const { locale } = view;
  const answers = open && view.canAnswer ? [] : round.questions.filter((q) => (draft.answers[q.key] ?? '') !== '');
  const thread = !open && draft.thread ? draft.thread : null;
  if (answers.length === 0 && thread === null) return html``;
  return html`<section class="kept" data-draft="yes" data-testid="kept-text">
    <h4>${t(locale, 'web.kept_title')}</h4>
    <p class="meta">${t(locale, 'web.kept_hint')}</p>
    ${answers.map((q) => {
      const id = `kept-${round.id}-${q.key}`;
      return html`<label for="${id}"
          >${t(locale, 'web.kept_label', { question: questionText(q, locale, questionWording) })}</label
        >
        <textarea id="${id}" readonly>${draft.answers[q.key] ?? ''}</textarea>`;
    })}
    ${
      thread === null
        ? ''
        : html`<label for="kept-${round.id}-thread">${t(locale, 'web.kept_thread')}</label>
            <textarea id="kept-${round.id}-thread" readonly>${thread}</textarea>`
    }
  </section>`;
}
