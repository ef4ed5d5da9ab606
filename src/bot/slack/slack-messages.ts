import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale } from '../../dialogues/model.js';
import { ensureTeamMember } from '../../dialogues/people.js';
import { deleteThreadReply, editThreadReply, recordThreadReply } from '../../dialogues/record-reply.js';
import type { Fail } from '../../dialogues/result.js';
import { t } from '../../i18n/index.js';
import type { WebClient } from './slack-client.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { messageId, parseMessageEvent } from './slack-payloads.js';
import type { SlackRuntime } from './slack-runtime.js';

export type MessageOutcome = 'stored' | 'duplicate' | 'edited' | 'deleted' | 'refused' | 'ignored';

/**
 * A `message` event: a reply in a round's thread, or an edit or deletion of one. Everything is
 * written before this returns, and Bolt (processBeforeResponse) answers Slack only after that;
 * if the write throws, Slack gets a 500 and delivers again. A redelivery is recognised twice
 * over: by its event_id (recorded in the same transaction as the reply) and by the message ts.
 */
export async function handleMessageEvent(runtime: SlackRuntime, client: WebClient, body: unknown): Promise<MessageOutcome> {
  const { deps } = runtime;
  const event = parseMessageEvent(body);
  if (event.kind === 'ignored') return 'ignored';
  const binding = await runtime.lookups.binding(deps.store, event.teamId, event.channelId);
  if (!binding) return 'ignored';
  const organisationId = binding.organisationId;
  const platformMessageId = messageId(event.channelId, event.ts);

  if (event.kind === 'deleted') {
    return deps.store.transaction(async (tx) => {
      if (!(await tx.inbound.firstSeen('slack', event.eventId, deps.clock.now()))) return 'duplicate';
      const deleted = await deleteThreadReply(inTx(deps, tx), { organisationId, platform: 'slack', platformMessageId });
      return deleted.ok && deleted.value ? 'deleted' : 'ignored';
    });
  }

  if (event.kind === 'edited') {
    const edited = await deps.store.transaction(async (tx) => {
      if (!(await tx.inbound.firstSeen('slack', event.eventId, deps.clock.now()))) return null;
      return editThreadReply(inTx(deps, tx), { organisationId, platform: 'slack', platformMessageId, text: event.text });
    });
    if (!edited) return 'duplicate';
    if (!edited.ok) {
      const person = await deps.store.people.findByIdentity('slack', event.teamId, event.userId);
      await tellPrivately(runtime, client, event.channelId, event.userId, person?.locale ?? 'nl', edited, null);
      return 'refused';
    }
    return edited.value ? 'edited' : 'ignored';
  }

  const roundId = await runtime.lookups.promptRound(deps.store, binding.id, event.threadTs);
  if (!roundId) return 'ignored';
  // The people directory caches users.info, so a redelivered message costs no Slack call.
  const person = await runtime.people.person(client, organisationId, event.teamId, event.userId);
  // The event id is stored with the reply (its ts is the message's key), so a redelivery is
  // caught twice over. Once this process knows the person's membership of the team that
  // speaking in the channel grants, a reply is one read and one write, without a transaction.
  const input = { organisationId, roundId, personId: person.id, text: event.text, platform: 'slack' as const, platformMessageId, eventId: event.eventId };
  const known = runtime.lookups.knownMember(person.id, binding.teamId);
  const recorded = known
    ? await recordThreadReply(deps, input)
    : await deps.store.transaction(async (tx) => {
        await ensureTeamMember(inTx(deps, tx), organisationId, person.id, binding.teamId);
        return recordThreadReply(inTx(deps, tx), input);
      });
  // Committed: for a minute, this person's messages in this channel can skip the grant (the
  // minute is not renewed by use, so a revocation elsewhere is seen within it).
  if (!known) runtime.lookups.rememberMember(person.id, binding.teamId);
  if (recorded.ok && recorded.value.duplicate) return 'duplicate';
  if (!recorded.ok) {
    await tellPrivately(runtime, client, event.channelId, event.userId, person.locale, recorded, event.threadTs);
    return 'refused';
  }
  return 'stored';
}

function inTx(deps: DialogueDeps, tx: DialogueDeps['store']): DialogueDeps {
  return { ...deps, store: tx };
}

/** A refusal only the author sees. Failing to tell is logged: the event itself was handled. */
async function tellPrivately(runtime: SlackRuntime, client: WebClient, channel: string, user: string, locale: Locale, failure: Fail<string>, threadTs: string | null): Promise<void> {
  const text = escapeMrkdwn(t(locale, `error.${failure.code}`, { ...failure.details }));
  try {
    await client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  } catch (error) {
    runtime.log.warn({ channel, code: failure.code, err: (error as Error).message }, 'slack: could not post an ephemeral refusal');
  }
}
