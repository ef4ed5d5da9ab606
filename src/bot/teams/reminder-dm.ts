import type { ReminderMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import type { Store } from '../../dialogues/ports.js';
import { formatWhen, t } from '../../i18n/index.js';
import { card, plain } from './adaptive-card.js';
import { withCard, type TeamsMessage } from './teams-render.js';

const TEAMS_WEB = 'https://teams.microsoft.com';

/**
 * Teams' deep link to a post in a channel (Microsoft's "deep link to a channel conversation").
 * A Teams message id is the post's creation time in milliseconds, so it doubles as `createdTime`.
 */
export function channelPostLink(channelId: string, messageId: string, tenantId: string): string {
  const query = new URLSearchParams({ tenantId, parentMessageId: messageId, createdTime: messageId });
  return `${TEAMS_WEB}/l/message/${encodeURIComponent(channelId)}/${encodeURIComponent(messageId)}?${query.toString()}`;
}

/**
 * The link to a round's prompt in Teams (its card and thread): the first Teams channel the prompt
 * was posted to. Null when it was posted to none (yet), and the reminder then goes without a button.
 */
export async function roundPromptLink(store: Store, organisationId: string, roundId: string): Promise<string | null> {
  for (const prompt of await store.deliveries.list(organisationId, { roundId, statuses: ['sent'] })) {
    if (prompt.purpose !== 'prompt' || prompt.target.kind !== 'channel' || !prompt.postedRef) continue;
    const binding = await store.bindings.get(organisationId, prompt.target.bindingId);
    if (binding?.platform === 'teams') return channelPostLink(binding.channelId, prompt.postedRef, binding.workspaceId);
  }
  return null;
}

/**
 * A round's reminder in someone's personal chat with the bot: which round waits for their answer,
 * until when, and a button that opens the round's card in its channel (answers are given there).
 */
export function reminderDm(
  message: ReminderMessage,
  locale: Locale,
  timeZone: string,
  link: string | null,
): TeamsMessage {
  const text = t(locale, 'teams.reminder_dm', {
    theme: message.theme || message.teamName,
    team: message.teamName,
    when: formatWhen(message.closesAt, locale, timeZone),
  });
  const actions = link ? [{ type: 'Action.OpenUrl', title: t(locale, 'teams.reminder_dm_open'), url: link }] : [];
  return withCard(text, card([plain(`🔔 ${text}`)], actions.length > 0 ? { actions } : {}));
}
