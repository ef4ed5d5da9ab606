import { z } from 'zod';
import type { ReminderMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import type { SendRequest } from '../../dialogues/ports.js';
import { isQuietTime } from '../../dialogues/quiet-hours.js';
import { nonResponders } from '../../dialogues/round-lifecycle.js';
import type { WebClient } from './slack-client.js';
import { classifySlackError } from './slack-errors.js';
import { renderReminder } from './slack-render.js';
import type { SlackRuntime } from './slack-runtime.js';
import type { WorkspaceAuth } from './slack-workspaces.js';

/** The metadata every bot post carries, so an unclear attempt can be found in the channel later. */
export const METADATA_EVENT_TYPE = 'vijfvragen_delivery';

const MAX_MEMBER_PAGES = 10;
/** Reminder DMs may wait longer for the workspace's pace than a delivery: nobody retries them. */
const DM_MAX_WAIT_MS = 60_000;
/** How far back a recovering reminder looks in a DM for its own earlier message. */
const DM_HISTORY_WINDOW = 20;

const dmHistory = z.object({
  messages: z.array(z.object({ metadata: z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional() })).default([]),
});

/**
 * Direct messages to the members of the prompt's channel who have not answered the round, each
 * carrying the reminder's delivery id and the user id as metadata. Best effort: a DM that fails
 * is logged; only a 429 (which certainly did not post) is waited out and tried once more.
 * `recovering`: the thread reminder was found posted by an earlier attempt, which may have sent
 * some of these DMs before it stopped; a DM already carrying this delivery id is not sent again.
 */
export async function remindNonResponders(runtime: SlackRuntime, client: WebClient, auth: WorkspaceAuth, request: SendRequest, message: ReminderMessage, options: { recovering?: boolean } = {}): Promise<void> {
  const { deps } = runtime;
  if (request.destination.kind !== 'channel') return;
  const round = await deps.store.rounds.get(request.organisationId, message.roundId);
  if (!round || round.status !== 'open') return;
  const organisation = await deps.store.organisations.get(request.organisationId);
  const timeZone = organisation?.timeZone ?? 'Europe/Amsterdam';
  // The reminder was due in daytime, but a delayed delivery may land in the evening: then the
  // thread gets its reminder and nobody's phone buzzes.
  if (isQuietTime(deps.clock.now(), timeZone)) {
    runtime.log.info({ roundId: round.id }, 'slack: reminder DMs skipped (quiet hours)');
    return;
  }
  const interactive = runtime.clients.interactive(auth.botToken);
  const memberIds = await channelMembers(interactive, request.destination.binding.channelId);
  const known = new Map<string, { userId: string; locale: Locale }>();
  const strangers: string[] = [];
  for (const userId of memberIds) {
    if (userId === auth.botUserId) continue;
    const user = await runtime.people.user(interactive, auth.teamId, userId);
    if (!user || user.isBot || user.deleted) continue;
    const person = await deps.store.people.findByIdentity('slack', auth.teamId, userId);
    // Someone the bot never met has not answered either.
    if (person && person.organisationId === request.organisationId) known.set(person.id, { userId, locale: person.locale });
    else strangers.push(userId);
  }
  const waiting = [
    ...(await nonResponders(deps, round, [...known.keys()])).flatMap((id) => known.get(id) ?? []),
    ...strangers.map((userId) => ({ userId, locale: request.locale })),
  ];
  let sent = 0;
  for (const { userId, locale } of waiting) {
    if (options.recovering && (await alreadyReminded(interactive, userId, request.deliveryId))) continue;
    const dm = renderReminder(message, locale, timeZone, 'slack.reminder_dm');
    const post = () => client.chat.postMessage({
      channel: userId,
      text: dm.text,
      blocks: dm.blocks as never,
      metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { delivery_id: request.deliveryId, user_id: userId } },
    });
    // Two tries at most, and the second only after a 429 (which certainly did not post).
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const slot = await runtime.pacer.take(auth.teamId, DM_MAX_WAIT_MS);
      if (!slot.ok) {
        runtime.log.warn({ deliveryId: request.deliveryId, userId, retryAfterMs: slot.retryAfterMs }, 'slack: reminder DM not sent (workspace held back)');
        break;
      }
      try {
        await post();
        sent += 1;
        break;
      } catch (error) {
        const outcome = classifySlackError(error);
        if (outcome.status === 'retry' && outcome.retryAfterMs !== undefined) runtime.pacer.hold(auth.teamId, outcome.retryAfterMs);
        if (outcome.status !== 'retry' || attempt === 2) {
          runtime.log.warn({ deliveryId: request.deliveryId, userId, reason: outcome.reason }, 'slack: reminder DM not sent');
          break;
        }
      }
    }
  }
  runtime.log.info({ roundId: round.id, reminded: sent, waiting: waiting.length }, 'slack: reminded non-responders');
}

/** Whether this reminder's DM to this person is in their direct message with the bot already. */
async function alreadyReminded(client: WebClient, userId: string, deliveryId: string): Promise<boolean> {
  const opened = await client.conversations.open({ users: userId });
  const channel = String(opened.channel?.id ?? '');
  const page = dmHistory.parse(await client.conversations.history({ channel, include_all_metadata: true, limit: DM_HISTORY_WINDOW }));
  return page.messages.some((m) => m.metadata?.event_type === METADATA_EVENT_TYPE && m.metadata.event_payload?.delivery_id === deliveryId);
}

async function channelMembers(client: WebClient, channel: string): Promise<string[]> {
  const members: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_MEMBER_PAGES; page += 1) {
    const result = await client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
    members.push(...(result.members ?? []));
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return members;
}
