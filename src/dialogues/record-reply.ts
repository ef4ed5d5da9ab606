import { permits, teamContext } from './access.js';
import { authorToken } from './author-token.js';
import type { DialogueDeps } from './deps.js';
import { MAX_REPLY_CHARS } from './limits.js';
import type { Platform, Reply, ReplySource, Round } from './model.js';
import type { QuestionKey } from './questions.js';
import { becomesAction, createActionFromReply, syncActionTitle } from './reply-actions.js';
import { fail, ok, type Ok, type Result } from './result.js';
import { mapThreadText } from './thread-rule.js';

export interface AnswerInput {
  organisationId: string;
  roundId: string;
  personId: string;
  /** One text per question; an empty text clears an earlier answer to that question. */
  answers: { key: QuestionKey; text: string }[];
  source: Extract<ReplySource, 'form' | 'card' | 'web'>;
  platform: Platform;
}

export interface AnswerOutcome {
  saved: number;
  updated: number;
  cleared: number;
}

/**
 * Stores a person's answers from a form (Slack modal, Teams card, web form). Forms keep one
 * answer per question per person: answering again edits, an empty field clears.
 */
export async function recordAnswers(deps: DialogueDeps, input: AnswerInput): Promise<Result<AnswerOutcome>> {
  const round = await loadOpenRound(deps, input.organisationId, input.roundId, input.personId);
  if (!round.ok) return round;
  const askedKeys = new Set(round.value.questions.map((q) => q.key));
  for (const answer of input.answers) {
    if (!askedKeys.has(answer.key)) return fail('question.not_in_round', { question: answer.key });
    if (answer.text.length > MAX_REPLY_CHARS)
      return fail('reply.too_long', { max: MAX_REPLY_CHARS, length: answer.text.length });
  }
  const token = authorToken(deps.tokenSecret, round.value.id, input.personId);
  const now = deps.clock.now();
  const outcome = await deps.store.transaction(async (tx) => {
    const counts: AnswerOutcome = { saved: 0, updated: 0, cleared: 0 };
    // In key order, so two concurrent submissions take the rows' locks in the same order.
    const answers = [...input.answers].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const answer of answers) {
      const text = answer.text.trim();
      let existing = await tx.replies.findFormAnswer(input.organisationId, round.value.id, answer.key, token);
      if (!existing && text !== '') {
        const reply = newReply(deps, round.value, input.personId, token, {
          questionKey: answer.key,
          text,
          source: input.source,
          platform: input.platform,
          platformMessageId: null,
        });
        const inserted = await tx.replies.insert(reply);
        if (inserted.inserted) {
          await createActionFromReply(deps, tx, round.value, reply);
          counts.saved += 1;
          continue;
        }
        // A concurrent copy of this form stored its answer first: edit that one instead.
        existing = inserted.existing;
      }
      if (existing && text === '') {
        await tx.replies.markDeleted(input.organisationId, existing.id, now);
        counts.cleared += 1;
      } else if (existing && existing.text !== text) {
        await tx.replies.update(input.organisationId, existing.id, { text, questionKey: answer.key, editedAt: now });
        await syncActionTitle(deps, tx, existing, text);
        counts.updated += 1;
      }
    }
    return counts;
  });
  if (outcome.saved > 0) deps.onRepliesRecorded?.(input.platform, outcome.saved);
  return ok(outcome);
}

export interface ThreadReplyInput {
  organisationId: string;
  roundId: string;
  personId: string;
  text: string;
  platform: Platform;
  platformMessageId: string;
  /**
   * The platform's id of the event that carried the message (Slack's event_id). When given, it
   * is recorded with the reply, and a redelivered event is a duplicate even if it was refused.
   */
  eventId?: string;
}

/** A duplicate carries the stored reply, or none when the first delivery was refused. */
export type ThreadReplyOutcome = { reply: Reply; duplicate: false } | { reply: Reply | null; duplicate: true };

/** Stores a plain message in a round's thread, mapped to a question by the thread rule. */
export async function recordThreadReply(
  deps: DialogueDeps,
  input: ThreadReplyInput,
): Promise<Result<ThreadReplyOutcome>> {
  const result = await storeThreadReply(deps, input);
  if (result.ok && !result.value.duplicate) deps.onRepliesRecorded?.(input.platform, 1);
  return result;
}

async function storeThreadReply(deps: DialogueDeps, input: ThreadReplyInput): Promise<Result<ThreadReplyOutcome>> {
  const checked = await checkThreadReply(deps, input);
  const { eventId } = input;
  if (!checked.ok) {
    // A redelivered message is a duplicate, not a refusal, even when its round has closed since.
    // Looked up only here: on the way in, the insert's unique key catches it.
    const known = await deps.store.replies.findByPlatformMessage(
      input.organisationId,
      input.platform,
      input.platformMessageId,
    );
    if (known) return ok({ reply: known, duplicate: true });
    // A refusal is told once: a redelivered refused event is a duplicate.
    if (eventId !== undefined && !(await deps.store.inbound.firstSeen(input.platform, eventId, deps.clock.now())))
      return duplicateOf(deps, input);
    return checked;
  }
  const { round, reply } = checked.value;
  if (eventId !== undefined && !becomesAction(reply)) {
    // The common case in one write: event id and reply together, or neither.
    const stored = await deps.store.replies.insertForEvent(reply, {
      platform: input.platform,
      eventId,
      seenAt: deps.clock.now(),
    });
    return stored === 'stored' ? ok({ reply, duplicate: false }) : duplicateOf(deps, input);
  }
  return deps.store.transaction(async (tx) => {
    if (eventId !== undefined && !(await tx.inbound.firstSeen(input.platform, eventId, deps.clock.now())))
      return duplicateOf({ ...deps, store: tx }, input);
    const inserted = await tx.replies.insert(reply);
    if (!inserted.inserted) return ok({ reply: inserted.existing, duplicate: true });
    await createActionFromReply(deps, tx, round, reply);
    return ok({ reply, duplicate: false });
  });
}

/** A redelivery: what the first delivery stored (nothing if it was refused). */
async function duplicateOf(deps: DialogueDeps, input: ThreadReplyInput): Promise<Result<ThreadReplyOutcome>> {
  return ok({
    reply: await deps.store.replies.findByPlatformMessage(
      input.organisationId,
      input.platform,
      input.platformMessageId,
    ),
    duplicate: true,
  });
}

async function checkThreadReply(
  deps: DialogueDeps,
  input: ThreadReplyInput,
): Promise<Result<{ round: Round; reply: Reply }>> {
  const round = await loadOpenRound(deps, input.organisationId, input.roundId, input.personId);
  if (!round.ok) return round;
  const mapped = mapThreadText(input.text);
  if (mapped.text === '') return fail('reply.empty');
  if (mapped.text.length > MAX_REPLY_CHARS)
    return fail('reply.too_long', { max: MAX_REPLY_CHARS, length: mapped.text.length });
  if (mapped.questionKey && !round.value.questions.some((q) => q.key === mapped.questionKey)) {
    return fail('question.not_in_round', { question: mapped.questionKey });
  }
  const token = authorToken(deps.tokenSecret, round.value.id, input.personId);
  const reply = newReply(deps, round.value, input.personId, token, {
    ...mapped,
    source: 'thread',
    platform: input.platform,
    platformMessageId: input.platformMessageId,
  });
  return ok({ round: round.value, reply });
}

export interface ThreadEditInput {
  organisationId: string;
  platform: Platform;
  platformMessageId: string;
  text: string;
  /**
   * Who asks, when the channel itself does not vouch for it (the web channel): only their own
   * reply is changed. Slack and Teams let only the author edit, so they leave it out.
   */
  personId?: string;
  /**
   * The message was restored after a deletion (Teams' undelete): a deleted reply comes back with
   * this text, under the same rule as an edit (only while the round is open).
   */
  restore?: boolean;
}

/** Honours an edited thread message. Unknown messages are not an error: they were never answers. */
export async function editThreadReply(deps: DialogueDeps, input: ThreadEditInput): Promise<Result<Reply | null>> {
  const reply = await ownReply(deps, input, input.restore === true);
  if (!reply) return ok(null);
  const round = await deps.store.rounds.get(input.organisationId, reply.roundId);
  if (!round || round.status !== 'open') return fail('round.closed');
  const mapped = mapThreadText(input.text);
  if (mapped.text.length > MAX_REPLY_CHARS)
    return fail('reply.too_long', { max: MAX_REPLY_CHARS, length: mapped.text.length });
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (mapped.text === '') return tx.replies.markDeleted(input.organisationId, reply.id, now);
    await tx.replies.update(input.organisationId, reply.id, {
      text: mapped.text,
      questionKey: mapped.questionKey,
      editedAt: now,
      ...(reply.deletedAt ? { deletedAt: null } : {}),
    });
    await syncActionTitle(deps, tx, reply, mapped.text);
  });
  return ok({ ...reply, text: mapped.text, questionKey: mapped.questionKey, editedAt: now, deletedAt: null });
}

/** Honours a deleted thread message, also after the round closed (a person may withdraw words). */
export async function deleteThreadReply(
  deps: DialogueDeps,
  input: Omit<ThreadEditInput, 'text'>,
): Promise<Ok<boolean>> {
  const reply = await ownReply(deps, input);
  if (!reply) return ok(false);
  await deps.store.replies.markDeleted(input.organisationId, reply.id, deps.clock.now());
  return ok(true);
}

/** The live reply a thread message became (or a deleted one, with `deleted`), if `personId` (when given) wrote it. */
async function ownReply(
  deps: DialogueDeps,
  input: Omit<ThreadEditInput, 'text'>,
  deleted = false,
): Promise<Reply | null> {
  const reply = await deps.store.replies.findByPlatformMessage(
    input.organisationId,
    input.platform,
    input.platformMessageId,
  );
  if (!reply || (reply.deletedAt && !deleted)) return null;
  if (
    input.personId !== undefined &&
    reply.authorToken !== authorToken(deps.tokenSecret, reply.roundId, input.personId)
  )
    return null;
  return reply;
}

/** The answers one person gave in a round, keyed by question, to prefill a form. */
export async function myAnswers(
  deps: DialogueDeps,
  organisationId: string,
  roundId: string,
  personId: string,
): Promise<Partial<Record<QuestionKey, string>>> {
  const token = authorToken(deps.tokenSecret, roundId, personId);
  const replies = await deps.store.replies.listByRound(organisationId, roundId);
  const mine: Partial<Record<QuestionKey, string>> = {};
  for (const reply of replies) {
    if (reply.authorToken === token && reply.questionKey && reply.source !== 'thread')
      mine[reply.questionKey] = reply.text;
  }
  return mine;
}

async function loadOpenRound(
  deps: DialogueDeps,
  organisationId: string,
  roundId: string,
  personId: string,
): Promise<Result<Round>> {
  const found = await deps.store.rounds.getForAnswer(organisationId, roundId, personId);
  if (!found) return fail('round.not_found');
  const { round, team, grants } = found;
  if (!team) return fail('team.not_found');
  const allowed = permits(grants, 'answer', teamContext(team));
  if (!allowed.ok) return allowed;
  if (round.status !== 'open' || round.closesAt.getTime() <= deps.clock.now().getTime()) {
    return fail('round.closed', { theme: round.theme || team.name });
  }
  return ok(round);
}

type ReplyFields = Pick<Reply, 'questionKey' | 'text' | 'source' | 'platform' | 'platformMessageId'>;

function newReply(deps: DialogueDeps, round: Round, personId: string, token: string, fields: ReplyFields): Reply {
  return {
    ...fields,
    id: deps.newId(),
    organisationId: round.organisationId,
    roundId: round.id,
    authorPersonId: round.anonymous ? null : personId,
    authorToken: token,
    createdAt: deps.clock.now(),
    editedAt: null,
    deletedAt: null,
  };
}

export { actionTitle } from './reply-actions.js';
