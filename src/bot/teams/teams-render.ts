import type { OutgoingMessage, ReminderMessage, SummaryMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { formatWhen, t } from '../../i18n/index.js';
import { answerLine, fullTextUrl, summaryParts } from '../summary-text.js';
import {
  attachment,
  card,
  cardBytes,
  cleanText,
  escapeTeamsText,
  MAX_CARD_BYTES,
  plain,
  truncate,
  type Card,
  type CardElement,
} from './adaptive-card.js';
import { digestCard } from './digest-card.js';
import { promptCard } from './prompt-card.js';

/** A message activity as the bot sends it; plain data, so rendering needs no botbuilder. */
export interface TeamsMessage {
  type: 'message';
  /** Notification text (escaped: Teams reads it as markdown/HTML). */
  text: string;
  attachments?: { contentType: string; content: Card }[];
}

export interface RenderOptions {
  timeZone: string;
  dashboardUrl: string;
}

/** Renders an OutgoingMessage as a Teams message with an Adaptive Card. */
export function renderMessage(message: OutgoingMessage, locale: Locale, options: RenderOptions): TeamsMessage {
  switch (message.kind) {
    case 'round.prompt': {
      const title = message.theme
        ? t(locale, 'prompt.title', { theme: message.theme })
        : t(locale, 'prompt.title_plain', { team: message.teamName });
      return withCard(title, promptCard(message, locale, { timeZone: options.timeZone, answerCount: 0 }));
    }
    case 'round.reminder':
      return withCard(
        reminderText(message, locale, options.timeZone),
        card([plain(`🔔 ${reminderText(message, locale, options.timeZone)}`)]),
      );
    case 'round.summary':
      return summary(message, locale, options.dashboardUrl);
    case 'notice': {
      const text = t(locale, `notice.${message.code}`, message.params);
      return withCard(text, card([plain(text)]));
    }
    case 'digest':
      return withCard(
        `${t(locale, 'digest.title')} ${message.week}: ${message.scopeName}`,
        digestCard(message, locale, { dashboardUrl: options.dashboardUrl }),
      );
  }
}

/** A short text reply (command answers, refusals); escaped, no card. */
export function textMessage(text: string): TeamsMessage {
  return { type: 'message', text: escapeTeamsText(text) };
}

export function withCard(notification: string, content: Card): TeamsMessage {
  return { type: 'message', text: escapeTeamsText(truncate(notification, 300)), attachments: [attachment(content)] };
}

function reminderText(message: ReminderMessage, locale: Locale, timeZone: string): string {
  return t(locale, 'reminder.text', {
    theme: message.theme || message.teamName,
    team: message.teamName,
    when: formatWhen(message.closesAt, locale, timeZone),
  });
}

/**
 * The thread summary as a card: per question a container with the answers the team may read
 * (names in named rounds), a note when they are withheld, and a button to the full text. Answers
 * are excerpts and few per question; should a card still exceed Teams' size (long names, wide
 * characters), each question shows one answer fewer until it fits, and the rest is counted.
 */
function summary(message: SummaryMessage, locale: Locale, dashboardUrl: string): TeamsMessage {
  const parts = summaryParts(message, locale);
  if (message.participants === 0)
    return withCard(parts.title, card([plain(parts.title, { weight: 'Bolder' }), plain(parts.lead)]));
  const url = fullTextUrl(message, dashboardUrl);
  const actions = url ? { actions: [{ type: 'Action.OpenUrl', title: parts.linkLabel, url }] } : {};
  const build = (shown: number): Card =>
    card(
      [
        plain(parts.title, { weight: 'Bolder' }),
        plain(parts.lead),
        ...parts.questions.map((q) => ({
          type: 'Container',
          spacing: 'Medium',
          items: [
            plain(q.heading, { weight: 'Bolder' }),
            ...q.answers
              .slice(0, shown)
              .map(answerLine)
              .map((a) => answerBlock(a.author, a.text)),
            ...moreLine(locale, q.answers.length - Math.min(shown, q.answers.length) + q.moreCount),
            ...(q.empty ? [plain(t(locale, 'summary.no_answers'), { isSubtle: true, italic: true })] : []),
          ],
        })),
        ...(parts.withheld ? [plain(parts.withheld, { isSubtle: true }, 'Medium')] : []),
        plain(parts.totals.join(' · '), { isSubtle: true }, 'Medium'),
      ],
      actions,
    );
  let shown = Math.max(0, ...parts.questions.map((q) => q.answers.length));
  let result = build(shown);
  while (cardBytes(result) > MAX_CARD_BYTES && shown > 0) result = build((shown -= 1));
  return withCard(parts.title, result);
}

function moreLine(locale: Locale, count: number): CardElement[] {
  return count > 0 ? [plain(t(locale, 'summary.more', { count }), { isSubtle: true, italic: true })] : [];
}

/** An answer as TextRuns: the author's name in bold, then the text; never markdown. */
function answerBlock(author: string | null, text: string): CardElement {
  const inlines = [
    ...(author ? [{ type: 'TextRun', text: `${cleanText(author)}: `, weight: 'Bolder' }] : []),
    { type: 'TextRun', text: cleanText(text) },
  ];
  return { type: 'RichTextBlock', inlines };
}
