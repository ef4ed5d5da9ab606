import type { ChatChannel, PostedCheck, SendOutcome, SendRequest } from '../../dialogues/ports.js';
import { METADATA_EVENT_TYPE, historyPage, postedDeliveryId } from './post-metadata.js';
import { classifySlackError } from './slack-errors.js';
import { channelMembers } from './slack-channel-members.js';
import { renderMessage, renderReminder, type SlackMessage } from './slack-render.js';
import type { SlackRuntime } from './slack-runtime.js';
import type { WorkspaceAuth } from './slack-workspaces.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

/** chat.postMessage allows about one post per second per channel; a little slack for clock skew. */
export const SLACK_PER_CHANNEL_INTERVAL_MS = 1100;

const HISTORY_WINDOW = 200;

/**
 * Longest wait for a workspace slot inside one send. Longer than that the post is booked and
 * handed back as `paced` (no attempt counted), and the delivery loop holds it until its slot: a
 * worker asleep for one workspace's slot would hold up the posts of every other workspace in its
 * batch, and the batch ends only when its last post is out.
 */
const POST_MAX_WAIT_MS = 50;

/**
 * Slack as the domain's ChatChannel. One `send` is one chat.postMessage, so a delivery is either
 * posted whole or not at all; the delivery worker owns retries and per-channel pacing (the client
 * here never retries), and the workspace pacer spreads posts over the workspace. A 429 holds the
 * workspace for its Retry-After and hands the delivery back to the worker, which waits as long.
 * A reminder is posted in the prompt's thread; `members` tells the delivery worker who is in the
 * channel, and each who has not answered gets a direct message as a delivery of its own
 * (`src/dialogues/member-reminders.ts`), paced, retried and recovered like any other post.
 */
export function createSlackChannel(runtime: SlackRuntime): ChatChannel {
  const { deps, tokens, clients, log } = runtime;

  async function target(
    request: SendRequest,
  ): Promise<{ auth: WorkspaceAuth; channel: string; threadTs: string | undefined } | null> {
    const destination = request.destination;
    const teamId = destination.kind === 'channel' ? destination.binding.workspaceId : destination.identity.workspaceId;
    const auth = await tokens.forTeam(teamId);
    if (!auth) return null;
    if (destination.kind === 'channel')
      return { auth, channel: destination.binding.channelId, threadTs: destination.threadRef ?? undefined };
    // Posting to a user id lands in the app's direct message with that person.
    return { auth, channel: destination.identity.userId, threadTs: undefined };
  }

  async function render(request: SendRequest): Promise<SlackMessage> {
    const timeZone =
      request.timeZone ?? (await deps.store.organisations.get(request.organisationId))?.timeZone ?? DEFAULT_TIME_ZONE;
    // A personal reminder reads as one, with the answer button, rather than as the thread's nudge.
    if (request.message.kind === 'round.reminder' && request.destination.kind === 'person')
      return renderReminder(request.message, request.locale, timeZone, 'slack.reminder_dm');
    return renderMessage(request.message, request.locale, { timeZone, dashboardUrl: runtime.dashboardUrl });
  }

  return {
    platform: 'slack',
    perChannelIntervalMs: SLACK_PER_CHANNEL_INTERVAL_MS,

    async send(request): Promise<SendOutcome> {
      const where = await target(request);
      if (!where) return { status: 'failed', reason: 'slack: workspace not installed' };
      const slot = await runtime.pacer.take(where.auth.teamId, POST_MAX_WAIT_MS, request.deliveryId);
      // Nothing was sent: handed back until its booked slot, without counting an attempt.
      if (!slot.ok)
        return { status: 'paced', reason: 'slack: workspace posting pace', retryAfterMs: slot.retryAfterMs };
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
        if (outcome.status === 'retry' && outcome.retryAfterMs !== undefined)
          runtime.pacer.hold(where.auth.teamId, outcome.retryAfterMs);
        log.warn(
          { deliveryId: request.deliveryId, status: outcome.status, reason: outcome.reason },
          'slack: post not delivered',
        );
        return outcome;
      }
      return { status: 'sent', postedRef: ts };
    },

    async members(binding) {
      const auth = await tokens.forTeam(binding.workspaceId);
      return auth ? channelMembers(runtime, auth, binding.channelId) : [];
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
          ? await client.conversations.replies({
              channel,
              ts: where.threadTs,
              include_all_metadata: true,
              limit: HISTORY_WINDOW,
            })
          : await client.conversations.history({ channel, include_all_metadata: true, limit: HISTORY_WINDOW });
        const found = historyPage.parse(page).messages.find((m) => postedDeliveryId(m) === request.deliveryId);
        if (!found) return { posted: false };
        return { posted: true, postedRef: found.ts };
      } catch (error) {
        log.warn(
          { deliveryId: request.deliveryId, err: (error as Error).message },
          'slack: cannot check channel history',
        );
        return { posted: 'unknown' };
      }
    },
  };
}
