import type { TurnContext } from 'botbuilder';
import type { PromptMessage } from '../../dialogues/messages.js';
import type { Person, Round } from '../../dialogues/model.js';
import { ensureTeamMember } from '../../dialogues/people.js';
import { myAnswers, recordAnswers } from '../../dialogues/record-reply.js';
import type { Fail } from '../../dialogues/result.js';
import { t } from '../../i18n/index.js';
import { attachment, card, CARD_CONTENT_TYPE, plain, type Card } from './adaptive-card.js';
import { closeRound } from '../../dialogues/round-lifecycle.js';
import { answersFromCard, promptCard, VERB, type PromptCardOptions } from './prompt-card.js';
import type { TeamsPlace } from './teams-activity.js';
import { textMessage } from './teams-render.js';
import type { TeamsRuntime } from './teams-runtime.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

/** `refused`: the card came back with the person's typed text after a refusal, saying why. */
export type CardOutcome = { kind: 'card'; card: Card; refused?: string } | { kind: 'message'; text: string };

/**
 * A press on the prompt card: `vv_answers` stores the person's answers (the card's inputs) and
 * `vv_refresh` only looks. Either way the person gets their own view back: their answers filled
 * in and the round's answer count. After a save the card everyone sees is updated with the new
 * count (best effort: the answers are stored whether or not that update lands).
 */
export async function cardAction(
  runtime: TeamsRuntime,
  context: TurnContext,
  place: TeamsPlace,
  organisationId: string,
  person: Person,
  verb: string,
  data: Record<string, unknown>,
): Promise<CardOutcome> {
  const { deps } = runtime;
  const roundId = typeof data.roundId === 'string' ? data.roundId : '';
  const round = await deps.store.rounds.get(organisationId, roundId);
  const prompt = round ? await promptOf(runtime, round) : null;
  if (!round || !prompt) return { kind: 'message', text: t(person.locale, 'error.round.not_found') };
  if (verb === VERB.close) return { kind: 'card', card: closeConfirmCard(person, round) };
  if (verb === VERB.closeConfirmed) {
    const closed = await closeRound(deps, organisationId, round.id, person.id);
    if (!closed.ok) return { kind: 'message', text: refusalText(person, closed) };
    const after = (await deps.store.rounds.get(organisationId, round.id)) ?? round;
    return { kind: 'card', card: await personalCard(runtime, after, prompt, person) };
  }
  await admitFromChannel(runtime, place, round, person);
  if (verb === VERB.save) {
    const answers = answersFromCard(
      data,
      round.questions.map((q) => q.key),
    );
    const saved = await recordAnswers(deps, {
      organisationId,
      roundId: round.id,
      personId: person.id,
      answers,
      source: 'card',
      platform: 'teams',
    });
    if (!saved.ok) {
      // The card comes back with what the person typed in it, and why it was not stored.
      const reason = refusalText(person, saved);
      const typed = Object.fromEntries(answers.map((a) => [a.key, a.text]));
      return {
        kind: 'card',
        card: await personalCard(runtime, round, prompt, person, { reason, typed }),
        refused: reason,
      };
    }
    await updateSharedCard(runtime, context, round, prompt).catch((error: unknown) =>
      runtime.log.warn({ roundId: round.id, err: (error as Error).message }, 'teams: shared card not updated'),
    );
  } else if (verb !== VERB.refresh) {
    return { kind: 'message', text: t(person.locale, 'error.input.invalid', { field: 'verb' }) };
  }
  return { kind: 'card', card: await personalCard(runtime, round, prompt, person) };
}

/** The invoke response Teams expects for Action.Execute (Universal Actions). */
export function invokeResponse(outcome: CardOutcome): {
  type: 'invokeResponse';
  value: { status: number; body: Record<string, unknown> };
} {
  const body =
    outcome.kind === 'card'
      ? { statusCode: 200, type: CARD_CONTENT_TYPE, value: outcome.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: outcome.text };
  return { type: 'invokeResponse', value: { status: 200, body } };
}

/** Action.Submit (clients without Universal Actions): the answer is a short reply. */
export function submitReply(outcome: CardOutcome, person: Person) {
  if (outcome.kind === 'message') return textMessage(outcome.text);
  return textMessage(outcome.refused ?? t(person.locale, 'prompt.submitted'));
}

async function personalCard(
  runtime: TeamsRuntime,
  round: Round,
  prompt: PromptMessage,
  person: Person,
  refused?: PromptCardOptions['refused'],
): Promise<Card> {
  const { deps } = runtime;
  const organisation = await deps.store.organisations.get(round.organisationId);
  const replies = await deps.store.replies.listByRound(round.organisationId, round.id);
  const closed = round.status !== 'open' || round.closesAt.getTime() <= deps.clock.now().getTime();
  return promptCard(prompt, person.locale, {
    timeZone: organisation?.timeZone ?? DEFAULT_TIME_ZONE,
    answerCount: replies.length,
    mine: await myAnswers(deps, round.organisationId, round.id, person.id),
    refreshUserIds: await refreshUsers(runtime, round),
    closed,
    ...(refused ? { refused } : {}),
  });
}

async function updateSharedCard(
  runtime: TeamsRuntime,
  context: TurnContext,
  round: Round,
  prompt: PromptMessage,
): Promise<void> {
  const delivery = (await runtime.deps.store.deliveries.list(round.organisationId, { roundId: round.id })).find(
    (d) =>
      d.purpose === 'prompt' && d.postedRef && context.activity.conversation.id.endsWith(`;messageid=${d.postedRef}`),
  );
  if (!delivery?.postedRef) return;
  const organisation = await runtime.deps.store.organisations.get(round.organisationId);
  const replies = await runtime.deps.store.replies.listByRound(round.organisationId, round.id);
  const content = promptCard(prompt, delivery.locale, {
    timeZone: organisation?.timeZone ?? DEFAULT_TIME_ZONE,
    answerCount: replies.length,
    refreshUserIds: await refreshUsers(runtime, round),
  });
  await context.updateActivity({ type: 'message', id: delivery.postedRef, attachments: [attachment(content)] });
}

/**
 * Whose view of the card Teams refreshes by itself: people who answered a named round (Teams
 * allows 60). Anonymous rounds name nobody here; people there refresh by opening the card menu.
 */
async function refreshUsers(runtime: TeamsRuntime, round: Round): Promise<string[]> {
  if (round.anonymous) return [];
  const authors = new Set(
    (await runtime.deps.store.replies.listByRound(round.organisationId, round.id)).flatMap((r) =>
      r.authorPersonId ? [r.authorPersonId] : [],
    ),
  );
  const ids: string[] = [];
  for (const personId of [...authors].slice(0, 60)) {
    const identity = (await runtime.deps.store.people.identities(round.organisationId, personId)).find(
      (i) => i.platform === 'teams' && !i.userId.startsWith('aad:'),
    );
    if (identity) ids.push(identity.userId);
  }
  return ids;
}

async function promptOf(runtime: TeamsRuntime, round: Round): Promise<PromptMessage | null> {
  const deliveries = await runtime.deps.store.deliveries.list(round.organisationId, { roundId: round.id });
  const message = deliveries.find((d) => d.purpose === 'prompt')?.message;
  return message?.kind === 'round.prompt' ? message : null;
}

/** Pressing the card in one of the team's bound channels makes the person a member: the channel is the gate. */
async function admitFromChannel(runtime: TeamsRuntime, place: TeamsPlace, round: Round, person: Person): Promise<void> {
  if (place.kind !== 'channel') return;
  const binding = await runtime.deps.store.bindings.findByChannel('teams', place.tenantId, place.baseConversationId);
  if (binding && binding.organisationId === round.organisationId && binding.teamId === round.teamId)
    await ensureTeamMember(runtime.deps, round.organisationId, person.id, round.teamId);
}

export function refusalText(person: Person, failure: Fail<string>): string {
  const details: Record<string, string | number> = { ...failure.details };
  if (failure.code === 'permission.denied' && typeof details.role === 'string')
    details.role = t(person.locale, `role.${details.role as 'member'}`);
  return t(person.locale, `error.${failure.code}`, details);
}

/** The confirm step of closing a round early, as the web channel and Slack ask it too. */
function closeConfirmCard(person: Person, round: Round): Card {
  const { locale } = person;
  const data = (vv: string) => ({ vv, roundId: round.id });
  return card([plain(t(locale, 'prompt.close_confirm'), { weight: 'Bolder' })], {
    actions: [
      {
        type: 'Action.Execute',
        title: t(locale, 'prompt.close_yes'),
        verb: VERB.closeConfirmed,
        data: data(VERB.closeConfirmed),
        style: 'destructive',
      },
      { type: 'Action.Execute', title: t(locale, 'slack.modal_cancel'), verb: VERB.refresh, data: data(VERB.refresh) },
    ],
  });
}
