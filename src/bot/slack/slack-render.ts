import {
  questionText,
  type OutcomeFigure,
  type OutgoingMessage,
  type PromptMessage,
  type ReminderMessage,
  type SummaryMessage,
} from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { formatWhen, questionWording, t } from '../../i18n/index.js';
import { actions, button, context, fallback, fitBlocks, header, LIMITS, sections, type Block } from './block-kit.js';
import { escapeMrkdwn as esc } from './mrkdwn.js';
import { digestBlocks } from './render-digest.js';
import { outcomeFigureText } from '../outcome-figure-text.js';
import { answerLine, fullTextUrl, promptPrivacyNote, summaryParts } from '../summary-text.js';

/** What chat.postMessage gets: blocks to show and an (escaped) text for notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  timeZone: string;
  /** Where the dashboard lives, for the digest's link. */
  dashboardUrl?: string;
  chartUrl?: string;
}

/** Action ids of the bot's buttons; the interactivity handlers listen for these. */
export const ACTION = {
  answer: 'vv_answer',
  command: 'vv_command',
} as const;

/**
 * Renders an OutgoingMessage as Block Kit. Every piece of text that came from people (themes,
 * team names, action titles, metric names) goes through `esc`, and the result always fits
 * Slack's limits.
 */
export function renderMessage(message: OutgoingMessage, locale: Locale, options: RenderOptions): SlackMessage {
  switch (message.kind) {
    case 'round.prompt':
      return renderPrompt(message, locale, options.timeZone);
    case 'round.reminder':
      return renderReminder(message, locale, options.timeZone, 'reminder.text');
    case 'round.summary':
      return renderSummary(message, locale, options.dashboardUrl);
    case 'notice': {
      const text = esc(t(locale, `notice.${message.code}`, message.params));
      return { text: fallback(text), blocks: sections(text) };
    }
    case 'digest': {
      const chartUrl = options.chartUrl ?? message.body.chartUrl ?? undefined;
      const blocks = digestBlocks(message, locale, {
        ...(chartUrl ? { chartUrl } : {}),
        ...(options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {}),
      }) as Block[];
      return { text: fallback(esc(`Digest ${message.week}: ${message.scopeName}`)), blocks: fitBlocks(blocks) };
    }
  }
}

export function renderPrompt(message: PromptMessage, locale: Locale, timeZone: string): SlackMessage {
  const title = message.theme
    ? t(locale, 'prompt.title', { theme: message.theme })
    : t(locale, 'prompt.title_plain', { team: message.teamName });
  const blocks: Block[] = [header(title), ...sections(esc(t(locale, 'prompt.intro', { team: message.teamName })))];
  if (message.outcomes.length > 0) {
    blocks.push(
      ...sections(
        `*${esc(t(locale, 'prompt.outcomes'))}*\n${message.outcomes.map((o) => `• ${esc(outcomeLine(o, locale))}`).join('\n')}`,
      ),
    );
  }
  if (message.openActions.length > 0) {
    const lines = message.openActions.map(
      (a) =>
        `• ${esc(`#${a.number} ${a.title} (${t(locale, `action_status.${a.status}`)}${a.ownerName ? `, ${a.ownerName}` : ''}${a.dueOn ? `, ${a.dueOn}` : ''})`)}`,
    );
    blocks.push(...sections(`*${esc(t(locale, 'prompt.open_actions'))}*\n${lines.join('\n')}`));
  }
  const questions = message.questions.map(
    (q, index) => `*${index + 1}.* ${esc(questionText(q, locale, questionWording))}`,
  );
  blocks.push(...sections(questions.join('\n')));
  const closes = t(locale, 'prompt.closes', { when: formatWhen(message.closesAt, locale, timeZone) });
  blocks.push(context(esc(`${closes} ${promptPrivacyNote(locale, message)}`)));
  // Fitting happens before the button goes on, so the one thing people need is never cut off.
  const body = fitBlocks(blocks, 48);
  body.push(actions([button(t(locale, 'prompt.answer_button'), ACTION.answer, message.roundId, 'primary')]));
  body.push(context(esc(t(locale, 'prompt.thread_rule'))));
  return { text: fallback(esc(title)), blocks: body };
}

/** The in-thread reminder (`reminder.text`) and the direct message to someone who did not answer yet (`slack.reminder_dm`). */
export function renderReminder(
  message: ReminderMessage,
  locale: Locale,
  timeZone: string,
  key: 'reminder.text' | 'slack.reminder_dm',
): SlackMessage {
  const text = esc(
    t(locale, key, {
      theme: message.theme || message.teamName,
      team: message.teamName,
      when: formatWhen(message.closesAt, locale, timeZone),
    }),
  );
  const blocks = sections(`:bell: ${text}`);
  if (key === 'slack.reminder_dm')
    blocks.push(actions([button(t(locale, 'prompt.answer_button'), ACTION.answer, message.roundId, 'primary')]));
  return { text: fallback(text), blocks };
}

/**
 * The thread summary: per question a section with the answers the team may read (names in named
 * rounds), a note when they are withheld, and a link to the full text. Each answer is already an
 * excerpt and each question lists a few, so the message stays far below Slack's limits; sections
 * split long text and `fitBlocks` keeps the block count in any case.
 */
export function renderSummary(message: SummaryMessage, locale: Locale, dashboardUrl?: string): SlackMessage {
  const parts = summaryParts(message, locale);
  const title = esc(parts.title);
  if (message.participants === 0) return { text: fallback(title), blocks: sections(`*${title}*\n${esc(parts.lead)}`) };
  const blocks: Block[] = [...sections(`*${title}*\n${esc(parts.lead)}`)];
  for (const question of parts.questions) {
    const answers = question.answers
      .map(answerLine)
      .map((a) => `> ${a.author ? `*${esc(a.author)}*: ` : ''}${esc(a.text)}`);
    const none = question.empty ? [`_${esc(t(locale, 'summary.no_answers'))}_`] : [];
    blocks.push(
      ...sections(
        [`*${esc(question.heading)}*`, ...answers, ...none, ...(question.more ? [`_${esc(question.more)}_`] : [])].join(
          '\n',
        ),
      ),
    );
  }
  if (parts.withheld) blocks.push(context(esc(parts.withheld)));
  blocks.push(context(parts.totals.map(esc).join(' · ')));
  const url = fullTextUrl(message, dashboardUrl);
  const tail = url && isWebUrl(url) ? [context(`<${url}|${esc(parts.linkLabel)}>`)] : [];
  return { text: fallback(title), blocks: [...fitBlocks(blocks, LIMITS.blocksPerMessage - tail.length), ...tail] };
}

function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s<>|]+$/.test(value);
}

function outcomeLine(o: OutcomeFigure, locale: Locale): string {
  return outcomeFigureText(o, locale);
}
