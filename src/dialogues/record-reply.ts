import { authorize, teamContext } from './access.js';
import { authorToken } from './author-token.js';
import type { DialogueDeps } from './deps.js';
import { MAX_REPLY_CHARS, MAX_TITLE_CHARS } from './limits.js';
import type { Platform, Reply, ReplySource, Round } from './model.js';
import type { Store } from './ports.js';
import type { QuestionKey } from './questions.js';
import { fail, ok, type Result } from './result.js';
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
    if (answer.text.length > MAX_REPLY_CHARS) return fail('reply.too_long', { max: MAX_REPLY_CHARS, length: answer.text.length });
  }
  const token = authorToken(deps.tokenSecret, round.value.id, input.personId);
  const now = deps.clock.now();
  const outcome = await deps.store.transaction(async (tx) => {
    const counts: AnswerOutcome = { saved: 0, updated: 0, cleared: 0 };
    for (const answer of input.answers) {
      const text = answer.text.trim();
      const existing = await tx.replies.findFormAnswer(input.organisationId, round.value.id, answer.key, token);
      if (existing && text === '') {
        await tx.replies.markDeleted(input.organisationId, existing.id, now);
        counts.cleared += 1;
      } else if (existing && existing.text !== text) {
        await tx.replies.update(input.organisationId, existing.id, { text, questionKey: answer.key, editedAt: now });
        await syncActionTitle(deps, tx, existing, text);
        counts.updated += 1;
      } else if (!existing && text !== '') {
        const reply = newReply(deps, round.value, input.personId, token, { questionKey: answer.key, text, source: input.source, platform: input.platform, platformMessageId: null });
        await tx.replies.insert(reply);
        await createActionFromReply(deps, tx, round.value, reply);
        counts.saved += 1;
      }
    }
    return counts;
  });
  return ok(outcome);
}

export interface ThreadReplyInput {
  organisationId: string;
  roundId: string;
  personId: string;
  text: string;
  platform: Platform;
  platformMessageId: string;
}

export type ThreadReplyOutcome = { reply: Reply; duplicate: boolean };

/** Stores a plain message in a round's thread, mapped to a question by the thread rule. */
export async function recordThreadReply(deps: DialogueDeps, input: ThreadReplyInput): Promise<Result<ThreadReplyOutcome>> {
  const known = await deps.store.replies.findByPlatformMessage(input.organisationId, input.platform, input.platformMessageId);
  if (known) return ok({ reply: known, duplicate: true });
  const round = await loadOpenRound(deps, input.organisationId, input.roundId, input.personId);
  if (!round.ok) return round;
  const mapped = mapThreadText(input.text);
  if (mapped.text === '') return fail('reply.empty');
  if (mapped.text.length > MAX_REPLY_CHARS) return fail('reply.too_long', { max: MAX_REPLY_CHARS, length: mapped.text.length });
  if (mapped.questionKey && !round.value.questions.some((q) => q.key === mapped.questionKey)) {
    return fail('question.not_in_round', { question: mapped.questionKey });
  }
  const token = authorToken(deps.tokenSecret, round.value.id, input.personId);
  const reply = newReply(deps, round.value, input.personId, token, { ...mapped, source: 'thread', platform: input.platform, platformMessageId: input.platformMessageId });
  return deps.store.transaction(async (tx) => {
    const inserted = await tx.replies.insert(reply);
    if (!inserted.inserted) return ok({ reply: inserted.existing, duplicate: true });
    await createActionFromReply(deps, tx, round.value, reply);
    return ok({ reply, duplicate: false });
  });
}

export interface ThreadEditInput {
  organisationId: string;
  platform: Platform;
  platformMessageId: string;
  text: string;
}

/** Honours an edited thread message. Unknown messages are not an error: they were never answers. */
export async function editThreadReply(deps: DialogueDeps, input: ThreadEditInput): Promise<Result<Reply | null>> {
  const reply = await deps.store.replies.findByPlatformMessage(input.organisationId, input.platform, input.platformMessageId);
  if (!reply || reply.deletedAt) return ok(null);
  const round = await deps.store.rounds.get(input.organisationId, reply.roundId);
  if (!round || round.status !== 'open') return fail('round.closed');
  const mapped = mapThreadText(input.text);
  if (mapped.text.length > MAX_REPLY_CHARS) return fail('reply.too_long', { max: MAX_REPLY_CHARS, length: mapped.text.length });
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (mapped.text === '') return tx.replies.markDeleted(input.organisationId, reply.id, now);
    await tx.replies.update(input.organisationId, reply.id, { text: mapped.text, questionKey: mapped.questionKey, editedAt: now });
    await syncActionTitle(deps, tx, reply, mapped.text);
  });
  return ok({ ...reply, text: mapped.text, questionKey: mapped.questionKey, editedAt: now });
}

/** Honours a deleted thread message, also after the round closed (a person may withdraw words). */
export async function deleteThreadReply(deps: DialogueDeps, input: Omit<ThreadEditInput, 'text'>): Promise<Result<boolean>> {
  const reply = await deps.store.replies.findByPlatformMessage(input.organisationId, input.platform, input.platformMessageId);
  if (!reply || reply.deletedAt) return ok(false);
  await deps.store.replies.markDeleted(input.organisationId, reply.id, deps.clock.now());
  return ok(true);
}

/** The answers one person gave in a round, keyed by question, to prefill a form. */
export async function myAnswers(deps: DialogueDeps, organisationId: string, roundId: string, personId: string): Promise<Partial<Record<QuestionKey, string>>> {
  const token = authorToken(deps.tokenSecret, roundId, personId);
  const replies = await deps.store.replies.listByRound(organisationId, roundId);
  const mine: Partial<Record<QuestionKey, string>> = {};
  for (const reply of replies) {
    if (reply.authorToken === token && reply.questionKey && reply.source !== 'thread') mine[reply.questionKey] = reply.text;
  }
  return mine;
}

async function loadOpenRound(deps: DialogueDeps, organisationId: string, roundId: string, personId: string): Promise<Result<Round>> {
  const round = await deps.store.rounds.get(organisationId, roundId);
  if (!round) return fail('round.not_found');
  const team = await deps.store.teams.get(organisationId, round.teamId);
  if (!team) return fail('team.not_found');
  const allowed = await authorize(deps.store, organisationId, personId, 'answer', teamContext(team));
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

/** "Wat doen we ermee?" answers become action candidates the team follows up. */
async function createActionFromReply(deps: DialogueDeps, store: Store, round: Round, reply: Reply): Promise<void> {
  if (reply.questionKey !== 'next_steps') return;
  const now = deps.clock.now();
  await store.actions.create({
    id: deps.newId(),
    organisationId: round.organisationId,
    teamId: round.teamId,
    roundId: round.id,
    replyId: reply.id,
    title: actionTitle(reply.text),
    ownerPersonId: null,
    dueOn: null,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    remindedAt: null,
  });
}

async function syncActionTitle(deps: DialogueDeps, store: Store, reply: Reply, text: string): Promise<void> {
  if (reply.questionKey !== 'next_steps') return;
  const actions = await store.actions.listByTeam(reply.organisationId, (await store.rounds.get(reply.organisationId, reply.roundId))?.teamId ?? '', ['open']);
  const action = actions.find((a) => a.replyId === reply.id);
  if (action) await store.actions.update(reply.organisationId, action.id, { title: actionTitle(text), updatedAt: deps.clock.now() });
}

export function actionTitle(text: string): string {
  const firstLine = text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text.trim();
  return firstLine.length > MAX_TITLE_CHARS ? `${firstLine.slice(0, MAX_TITLE_CHARS - 1)}…` : firstLine;
}
