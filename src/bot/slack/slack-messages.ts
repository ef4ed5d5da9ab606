import type { Locale } from '../../dialogues/model.js';
import { handleThreadMessage } from '../../dialogues/inbound-message.js';
import type { Fail } from '../../dialogues/result.js';
import { t } from '../../i18n/index.js';
import type { WebClient } from './slack-client.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { historyPage, postedDeliveryId } from './post-metadata.js';
import { messageId, parseMessageEvent } from './slack-payloads.js';
import type { SlackRuntime } from './slack-runtime.js';

export type MessageOutcome = 'stored' | 'duplicate' | 'edited' | 'deleted' | 'refused' | 'ignored';

/**
 * A `message` event: a reply in a round's thread, or an edit or deletion of one, parsed and
 * handed to the one inbound use case (`handleThreadMessage`); a refusal is told privately.
 * Everything is written before this returns, and Bolt (processBeforeResponse) answers Slack only
 * after that; if the write throws, Slack gets a 500 and delivers again.
 */
export async function handleMessageEvent(
  runtime: SlackRuntime,
  client: WebClient,
  body: unknown,
  botUserId?: string,
): Promise<MessageOutcome> {
  const { deps } = runtime;
  const event = parseMessageEvent(body);
  if (event.kind === 'ignored') return 'ignored';
  const common = {
    platform: 'slack' as const,
    channel: { workspaceId: event.teamId, channelId: event.channelId },
    messageId: messageId(event.channelId, event.ts),
    eventId: event.eventId,
  };
  // The binding, a prompt's round and the membership speaking in a bound channel grants are read
  // through the store cache (deps.store, deps.memberships): a warm reply is one read and one write.
  const outcome =
    event.kind === 'deleted'
      ? await handleThreadMessage(deps, { ...common, kind: 'deleted' })
      : event.kind === 'edited'
        ? await handleThreadMessage(deps, { ...common, kind: 'edited', text: event.text })
        : await handleThreadMessage(
            deps,
            // The people directory caches users.info, so a redelivered message costs no Slack call.
            {
              ...common,
              kind: 'new',
              text: event.text,
              threadId: event.threadTs,
              sender: (organisationId) => runtime.people.person(client, organisationId, event.teamId, event.userId),
              // Only a thread under the bot's own post can be a prompt not recorded yet.
              ...(botUserId && event.parentUserId === botUserId
                ? { rootDelivery: () => rootDeliveryId(runtime, client, event.channelId, event.threadTs) }
                : {}),
            },
          );
  // Slack sends commands as slash commands, never as thread messages, so nothing here is 'command'.
  if (outcome.kind === 'command') return 'ignored';
  if (outcome.kind !== 'refused') return outcome.kind;
  if (event.kind === 'deleted') return 'refused';
  const locale =
    outcome.locale ?? (await deps.store.people.findByIdentity('slack', event.teamId, event.userId))?.locale ?? 'nl';
  await tellPrivately(
    runtime,
    client,
    event.channelId,
    event.userId,
    locale,
    outcome.failure,
    event.kind === 'thread_reply' ? event.threadTs : null,
  );
  return 'refused';
}

/**
 * The delivery a thread's root was posted for, from the metadata every bot post carries. One
 * Slack call, made only for a reply under a bot post the store does not know as a prompt.
 */
async function rootDeliveryId(
  runtime: SlackRuntime,
  client: WebClient,
  channel: string,
  threadTs: string,
): Promise<string | null> {
  try {
    const page = await client.conversations.replies({ channel, ts: threadTs, limit: 1, include_all_metadata: true });
    return postedDeliveryId(historyPage.parse(page).messages.find((m) => m.ts === threadTs));
  } catch (error) {
    // Unknown now is not ignored: the event is failed, and Slack delivers it again.
    runtime.log.warn({ channel, err: (error as Error).message }, 'slack: cannot read the thread root');
    throw error;
  }
}

/** A refusal only the author sees. Failing to tell is logged: the event itself was handled. */
async function tellPrivately(
  runtime: SlackRuntime,
  client: WebClient,
  channel: string,
  user: string,
  locale: Locale,
  failure: Fail<string>,
  threadTs: string | null,
): Promise<void> {
  const text = escapeMrkdwn(t(locale, `error.${failure.code}`, { ...failure.details }));
  try {
    await client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  } catch (error) {
    runtime.log.warn(
      { channel, code: failure.code, err: (error as Error).message },
      'slack: could not post an ephemeral refusal',
    );
  }
}
