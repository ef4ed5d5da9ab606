import type { MembershipMemo } from './cached-store.js';
import type { DialogueDeps } from './deps.js';
import type { Locale, Platform } from './model.js';
import { ensureTeamMember } from './people.js';
import { deleteThreadReply, editThreadReply, recordThreadReply } from './record-reply.js';
import type { Fail } from './result.js';

/** The person behind a message, resolved by the adapter only once the message turned out to matter. */
export interface Sender {
  id: string;
  locale: Locale;
}

interface InboundBase {
  platform: Platform;
  /**
   * The bound channel the message was written in (workspace or tenant id, channel id); its
   * binding names the organisation. Absent for the web channel, whose session names it.
   */
  channel?: { workspaceId: string; channelId: string };
  /** The organisation the sender acts in, when the adapter knows it; a binding of another one is ignored. */
  organisationId?: string;
  /** The platform's id of the message (unique per platform): the reply's key. */
  messageId: string;
  /**
   * The platform's id of the event that carried it (Slack's event_id, a Teams activity key).
   * Recorded with the write, so a redelivered event changes nothing and is told as `duplicate`.
   */
  eventId?: string;
}

/**
 * A message in a round's thread, as every channel reports it: new, edited or deleted. The
 * adapter parses its platform's payload into this; the rules (binding and round lookup,
 * membership, redelivery, open round, storage) are all here.
 *
 * @example
 * const outcome = await handleThreadMessage(deps, {
 *   kind: 'new', platform: 'slack', channel: { workspaceId: 'T1', channelId: 'C1' }, threadId: '1700.1',
 *   messageId: 'C1:1700.2', eventId: 'Ev1', text: '1. Ja', sender: (organisationId) => people.person(organisationId, 'U1'),
 * });
 */
export type InboundMessage =
  | (InboundBase & {
      kind: 'new';
      text: string;
      /** With `channel`: the thread root the message answers (the posted prompt's id). */
      threadId?: string;
      /** Without `channel` (web): the round answered directly. */
      roundId?: string;
      /**
       * Whether the message addressed the bot: 'command' when it mentions the bot and its text is
       * a known command, 'mention' when it mentions the bot otherwise. Where a tenant has not
       * granted Teams' channel-message consent, only mentions reach the bot, so in a round's
       * thread a mention that is not a command must count as an answer (and be confirmed).
       */
      addressed?: 'command' | 'mention';
      /** Resolves (and if need be registers) the sender in the organisation the message belongs to. */
      sender: (organisationId: string) => Promise<Sender>;
      /**
       * Asked only when the store knows no prompt posted as `threadId`: the id of the delivery the
       * thread's root was posted for, read from the platform (the post's metadata), or null. It
       * covers a prompt whose post is out but not recorded yet (recorded a moment after posting, or
       * only when the delivery is retried because its worker died in between): a reply there is
       * stored, not dropped.
       */
      rootDelivery?: () => Promise<string | null>;
    })
  /** `restored`: a deleted message came back (Teams' undelete); honoured like an edit. */
  | (InboundBase & { kind: 'edited'; text: string; byPersonId?: string; restored?: boolean })
  | (InboundBase & { kind: 'deleted'; byPersonId?: string });

export type InboundOutcome =
  /** `confirm`: the answer addressed the bot, which says it was stored (a plain thread reply gets no echo). */
  | { kind: 'stored'; confirm?: boolean }
  | { kind: 'duplicate' | 'edited' | 'deleted' | 'ignored' }
  /** A known command addressed to the bot in a round's thread: the adapter runs it; nothing was stored. */
  | { kind: 'command' }
  /** Told to the sender only; `personId` is null when the refusal came before the sender was known. */
  | { kind: 'refused'; failure: Fail<string>; organisationId: string; personId: string | null; locale: Locale | null };

export type { MembershipMemo } from './cached-store.js';

export interface InboundOptions {
  /** Defaults to `deps.memberships` (the store cache's memo, when the composition root made one). */
  members?: MembershipMemo;
}

const IGNORED: InboundOutcome = { kind: 'ignored' };

/** One use case for a thread message from any channel. Everything is written before it returns. */
export async function handleThreadMessage(
  deps: DialogueDeps,
  message: InboundMessage,
  options: InboundOptions = {},
): Promise<InboundOutcome> {
  const place = await placeOf(deps, message);
  if (!place) return IGNORED;
  const { organisationId } = place;
  const { platform, messageId: platformMessageId, eventId } = message;

  if (message.kind === 'deleted') {
    const input = {
      organisationId,
      platform,
      platformMessageId,
      ...(message.byPersonId ? { personId: message.byPersonId } : {}),
    };
    if (eventId === undefined) return (await deleteThreadReply(deps, input)).value ? { kind: 'deleted' } : IGNORED;
    return deps.store.transaction(async (tx) => {
      if (!(await tx.inbound.firstSeen(platform, eventId, deps.clock.now()))) return { kind: 'duplicate' };
      const deleted = await deleteThreadReply(inTx(deps, tx), input);
      return deleted.value ? { kind: 'deleted' } : IGNORED;
    });
  }

  if (message.kind === 'edited') {
    const input = {
      organisationId,
      platform,
      platformMessageId,
      text: message.text,
      ...(message.byPersonId ? { personId: message.byPersonId } : {}),
      ...(message.restored ? { restore: true } : {}),
    };
    const edited =
      eventId === undefined
        ? await editThreadReply(deps, input)
        : await deps.store.transaction(async (tx) => {
            if (!(await tx.inbound.firstSeen(platform, eventId, deps.clock.now()))) return null;
            return editThreadReply(inTx(deps, tx), input);
          });
    if (!edited) return { kind: 'duplicate' };
    if (!edited.ok)
      return { kind: 'refused', failure: edited, organisationId, personId: message.byPersonId ?? null, locale: null };
    return edited.value ? { kind: 'edited' } : IGNORED;
  }

  const roundId = place.teamId === null ? (message.roundId ?? null) : await promptRound(deps, place, message);
  if (!roundId) return IGNORED;
  if (message.addressed === 'command') return { kind: 'command' };
  const sender = await message.sender(organisationId);
  const input = {
    organisationId,
    roundId,
    personId: sender.id,
    text: message.text,
    platform,
    platformMessageId,
    ...(eventId !== undefined ? { eventId } : {}),
  };
  // Speaking in a bound channel makes a person a member of its team. Once this process knows
  // the membership, a reply is one read and one write, without a transaction.
  const teamId = place.teamId;
  const members = options.members ?? deps.memberships;
  const remembered = teamId === null || (members?.known(sender.id, teamId) ?? false);
  const member = remembered || (await holdsMembership(deps, input, teamId));
  const recorded = member
    ? await recordThreadReply(deps, input)
    : await deps.store.transaction(async (tx) => {
        await ensureTeamMember(inTx(deps, tx), organisationId, sender.id, teamId);
        return recordThreadReply(inTx(deps, tx), input);
      });
  if (!remembered) members?.remember(sender.id, teamId);
  if (!recorded.ok)
    return { kind: 'refused', failure: recorded, organisationId, personId: sender.id, locale: sender.locale };
  if (recorded.value.duplicate) return { kind: 'duplicate' };
  return message.addressed === 'mention' ? { kind: 'stored', confirm: true } : { kind: 'stored' };
}

/**
 * Whether the person already holds the membership a reply would grant, from the grants the
 * reply reads anyway (the round being answered, through the store cache). Granting it again
 * would change nothing, yet as a write it would empty the caches for everybody: when the memo of
 * memberships has expired, a burst of replies from known members would each miss the cache.
 */
async function holdsMembership(
  deps: DialogueDeps,
  input: { organisationId: string; roundId: string; personId: string },
  teamId: string,
): Promise<boolean> {
  const found = await deps.store.rounds.getForAnswer(input.organisationId, input.roundId, input.personId);
  return (found?.grants ?? []).some((g) => g.role === 'member' && g.scope.kind === 'team' && g.scope.teamId === teamId);
}

/** The round of the prompt a thread hangs under: by its recorded post, or else by the platform's word. */
async function promptRound(
  deps: DialogueDeps,
  place: { organisationId: string; bindingId: string },
  message: InboundMessage & { kind: 'new' },
): Promise<string | null> {
  if (!message.threadId) return null;
  const recorded = await deps.store.deliveries.findPromptByPost(place.bindingId, message.threadId);
  if (recorded) return recorded.roundId;
  const deliveryId = message.rootDelivery ? await message.rootDelivery() : null;
  if (!deliveryId) return null;
  const delivery = await deps.store.deliveries.get(place.organisationId, deliveryId);
  const isPromptHere =
    delivery?.purpose === 'prompt' &&
    delivery.target.kind === 'channel' &&
    delivery.target.bindingId === place.bindingId;
  return isPromptHere ? delivery.roundId : null;
}

/** The organisation and, in a bound channel, the binding and team the message belongs to. */
async function placeOf(
  deps: DialogueDeps,
  message: InboundMessage,
): Promise<{ organisationId: string; bindingId: string; teamId: string | null } | null> {
  if (!message.channel)
    return message.organisationId ? { organisationId: message.organisationId, bindingId: '', teamId: null } : null;
  const { workspaceId, channelId } = message.channel;
  const binding = await deps.store.bindings.findByChannel(message.platform, workspaceId, channelId);
  if (!binding) return null;
  if (message.organisationId !== undefined && binding.organisationId !== message.organisationId) return null;
  return { organisationId: binding.organisationId, bindingId: binding.id, teamId: binding.teamId };
}

function inTx(deps: DialogueDeps, tx: DialogueDeps['store']): DialogueDeps {
  return { ...deps, store: tx };
}
