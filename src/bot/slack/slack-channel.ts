import { z } from 'zod';
import type { ChatChannel, PostedCheck, SendOutcome, SendRequest } from '../../dialogues/ports.js';
import { classifySlackError } from './slack-errors.js';
import { METADATA_EVENT_TYPE, remindNonResponders } from './slack-reminder-dms.js';
import { renderMessage, type SlackMessage } from './slack-render.js';
import type { SlackRuntime } from './slack-runtime.js';
import type { WorkspaceAuth } from './slack-workspaces.js';

export { METADATA_EVENT_TYPE } from './slack-reminder-dms.js';

/** chat.postMessage allows about one post per second per channel; a little slack for clock skew. */
export const SLACK_PER_CHANNEL_INTERVAL_MS = 1100;

const HISTORY_WINDOW = 200;

const historyPage = z.object({
  messages: z.array(z.object({ ts: z.string(), metadata: z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional() })).default([]),
});

/**
 * Slack as the domain's ChatChannel. One `send` is one chat.postMessage, so a delivery is either
 * posted whole or not at all; the delivery worker owns retries and per-channel pacing (the client
 * here never retries), and the workspace pacer spreads posts over the workspace. A 429 holds the
 * workspace for its Retry-After and hands the delivery back to the worker, which waits as long.
 * Reminders are posted in the prompt's thread and then sent once, best effort, as a direct
 * message to each channel member who has not answered: a DM that fails is logged, not retried
 * by the worker, because a nudge twice is worse than a nudge missed (a 429 is waited out once).
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
      const slot = await runtime.pacer.take(where.auth.teamId);
      // Nothing was sent: certainly not posted, so a plain retry after the wait.
      if (!slot.ok) return { status: 'retry', reason: 'slack: workspace posting pace', retryAfterMs: slot.retryAfterMs };
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
        if (outcome.status === 'retry' && outcome.retryAfterMs !== undefined) runtime.pacer.hold(where.auth.teamId, outcome.retryAfterMs);
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
        if (!found) return { posted: false };
        // The attempt that posted this reminder failed before its direct messages (they follow a
        // successful post), or stopped halfway: send those still missing, skipping anyone whose
        // DM with this delivery id is there already.
        if (request.message.kind === 'round.reminder' && request.destination.kind === 'channel') {
          await remindNonResponders(runtime, clients.delivery(where.auth.botToken), where.auth, request, request.message, { recovering: true }).catch((error: unknown) => {
            log.warn({ deliveryId: request.deliveryId, err: (error as Error).message }, 'slack: reminder direct messages incomplete');
          });
        }
        return { posted: true, postedRef: found.ts };
      } catch (error) {
        log.warn({ deliveryId: request.deliveryId, err: (error as Error).message }, 'slack: cannot check channel history');
        return { posted: 'unknown' };
      }
    },
  };
}
