import { z } from 'zod';
import type { ReminderMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import type { ChatChannel, PostedCheck, SendOutcome, SendRequest } from '../../dialogues/ports.js';
import { isQuietTime } from '../../dialogues/quiet-hours.js';
import { nonResponders } from '../../dialogues/round-lifecycle.js';
import type { WebClient } from './slack-client.js';
import { classifySlackError } from './slack-errors.js';
import { renderMessage, renderReminder, type SlackMessage } from './slack-render.js';
import type { SlackRuntime } from './slack-runtime.js';
import type { WorkspaceAuth } from './slack-workspaces.js';

/** The metadata every bot post carries, so an unclear attempt can be found in the channel later. */
export const METADATA_EVENT_TYPE = 'vijfvragen_delivery';

/** chat.postMessage allows about one post per second per channel; a little slack for clock skew. */
export const SLACK_PER_CHANNEL_INTERVAL_MS = 1100;

const HISTORY_WINDOW = 200;
const MAX_MEMBER_PAGES = 10;

const historyPage = z.object({
  messages: z.array(z.object({ ts: z.string(), metadata: z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional() })).default([]),
});

/**
 * Slack as the domain's ChatChannel. One `send` is one chat.postMessage, so a delivery is either
 * posted whole or not at all; the delivery worker owns retries and pacing (the client here never
 * retries). Reminders are posted in the prompt's thread and then sent once, best effort, as a
 * direct message to each channel member who has not answered: a DM that fails is logged, not
 * retried, because a nudge twice is worse than a nudge missed.
 */
export function createSlackChannel(runtime: SlackRuntime): ChatChannel {
  const { deps, tokens, clients, log } = runtime;

  async function target(request: SendRequest): Promise<{ auth: WorkspaceAuth; channel: string; threadTs: string | undefined } | null> {
    const destination = request.destination;
    const teamId = destination.kind === 'channel' ? destination.binding.workspaceId : destination.identity.workspaceId;
    const auth = await tokens.forTeam(teamId);
    if (!auth) return null;
    if (destination.kind === 'channel') return { auth, channel: destination.binding.channelId, threadTs: destination.threadRef ?? undefined };
    // Posting to a user id lands in the app's direct message with that person.
    return { auth, channel: destination.identity.userId, threadTs: undefined };
  }

  async function render(request: SendRequest): Promise<SlackMessage> {
    const organisation = await deps.store.organisations.get(request.organisationId);
    return renderMessage(request.message, request.locale, { timeZone: organisation?.timeZone ?? 'Europe/Amsterdam', dashboardUrl: runtime.dashboardUrl });
  }

  return {
    platform: 'slack',
    perChannelIntervalMs: SLACK_PER_CHANNEL_INTERVAL_MS,

    async send(request): Promise<SendOutcome> {
      const where = await target(request);
      if (!where) return { status: 'failed', reason: 'slack: workspace not installed' };
      const client = clients.delivery(where.auth.botToken);
      const message = await render(request);
      let ts: string;
      try {
        const result = await client.chat.postMessage({
          channel: where.channel,
          text: message.text,
          blocks: message.blocks as never,
          ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { delivery_id: request.deliveryId } },
        });
        ts = String(result.ts ?? '');
      } catch (error) {
        const outcome = classifySlackError(error);
        log.warn({ deliveryId: request.deliveryId, status: outcome.status, reason: outcome.reason }, 'slack: post not delivered');
        return outcome;
      }
      if (request.message.kind === 'round.reminder' && request.destination.kind === 'channel') {
        await remindNonResponders(runtime, client, where.auth, request, request.message).catch((error: unknown) => {
          log.warn({ deliveryId: request.deliveryId, err: (error as Error).message }, 'slack: reminder direct messages incomplete');
        });
      }
      return { status: 'sent', postedRef: ts };
    },

    async findPosted(request): Promise<PostedCheck> {
      const where = await target(request);
      if (!where) return { posted: 'unknown' };
      const client = clients.interactive(where.auth.botToken);
      try {
        let channel = where.channel;
        if (request.destination.kind === 'person') {
          const opened = await client.conversations.open({ users: where.channel });
          channel = String(opened.channel?.id ?? '');
        }
        const page = where.threadTs
          ? await client.conversations.replies({ channel, ts: where.threadTs, include_all_metadata: true, limit: HISTORY_WINDOW })
          : await client.conversations.history({ channel, include_all_metadata: true, limit: HISTORY_WINDOW });
        const found = historyPage.parse(page).messages.find(
          (m) => m.metadata?.event_type === METADATA_EVENT_TYPE && m.metadata.event_payload?.delivery_id === request.deliveryId,
        );
        return found ? { posted: true, postedRef: found.ts } : { posted: false };
      } catch (error) {
        log.warn({ deliveryId: request.deliveryId, err: (error as Error).message }, 'slack: cannot check channel history');
        return { posted: 'unknown' };
      }
    },
  };
}

/** Direct messages to the members of the prompt's channel who have not answered the round. */
async function remindNonResponders(runtime: SlackRuntime, client: WebClient, auth: WorkspaceAuth, request: SendRequest, message: ReminderMessage): Promise<void> {
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
    const dm = renderReminder(message, locale, timeZone, 'slack.reminder_dm');
    try {
      await client.chat.postMessage({
        channel: userId,
        text: dm.text,
        blocks: dm.blocks as never,
        metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { delivery_id: request.deliveryId, user_id: userId } },
      });
      sent += 1;
    } catch (error) {
      runtime.log.warn({ deliveryId: request.deliveryId, userId, reason: classifySlackError(error).reason }, 'slack: reminder DM not sent');
    }
  }
  runtime.log.info({ roundId: round.id, reminded: sent, waiting: waiting.length }, 'slack: reminded non-responders');
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
