import type { OutgoingMessage, ReminderMessage, SummaryMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { formatWhen, questionWording, t } from '../../i18n/index.js';
import { attachment, bullets, card, escapeTeamsText, plain, truncate, type Card } from './adaptive-card.js';
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
      const title = message.theme ? t(locale, 'prompt.title', { theme: message.theme }) : t(locale, 'prompt.title_plain', { team: message.teamName });
      return withCard(title, promptCard(message, locale, { timeZone: options.timeZone, answerCount: 0 }));
    }
    case 'round.reminder':
      return withCard(reminderText(message, locale, options.timeZone), card([plain(`🔔 ${reminderText(message, locale, options.timeZone)}`)]));
    case 'round.summary':
      return summary(message, locale);
    case 'notice': {
      const text = t(locale, `notice.${message.code}`, message.params);
      return withCard(text, card([plain(text)]));
    }
    case 'digest':
      return withCard(`${t(locale, 'digest.title')} ${message.week}: ${message.scopeName}`, digestCard(message, locale, { dashboardUrl: options.dashboardUrl }));
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
  return t(locale, 'reminder.text', { theme: message.theme || message.teamName, team: message.teamName, when: formatWhen(message.closesAt, locale, timeZone) });
}

function summary(message: SummaryMessage, locale: Locale): TeamsMessage {
  const title = t(locale, 'summary.title', { theme: message.theme || message.teamName });
  if (message.participants === 0) return withCard(title, card([plain(title, { weight: 'Bolder' }), plain(t(locale, 'summary.none'))]));
  const lines = [
    ...message.perQuestion.map((q) => t(locale, 'summary.per_question', { question: questionWording(q.key, locale), count: q.count })),
    t(locale, 'summary.general', { count: message.generalRemarks }),
    t(locale, 'summary.actions', { count: message.actionsCreated }),
  ];
  return withCard(title, card([plain(title, { weight: 'Bolder' }), plain(t(locale, 'summary.participants', { count: message.participants })), bullets(lines)]));
}
