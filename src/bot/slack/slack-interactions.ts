import { authorize, teamContext } from '../../dialogues/access.js';
import type { Round } from '../../dialogues/model.js';
import { ensureTeamMember } from '../../dialogues/people.js';
import { myAnswers, recordAnswers } from '../../dialogues/record-reply.js';
import { t } from '../../i18n/index.js';
import { answerErrors, answerModal, answersFrom, noticeModal } from './answer-modal.js';
import type { WebClient } from './slack-client.js';
import { parseViewSubmission } from './slack-payloads.js';
import { resolveActor, type Actor, type SlackRuntime } from './slack-runtime.js';
import { submitSchedule, type ScheduleSubmitResult } from './schedule-modal.js';

export interface Who {
  teamId: string;
  userId: string;
  channelId: string | null;
  triggerId: string | null;
}

/** The "Antwoorden" button (in the prompt, a reminder DM or App Home): opens the answer form. */
export async function openAnswerForm(
  runtime: SlackRuntime,
  client: WebClient,
  who: Who,
  roundId: string,
): Promise<void> {
  if (!who.triggerId) return;
  const { store } = runtime.deps;
  const actor = await resolveActor(runtime, client, who.teamId, who.userId);
  // Scoped to the clicker's organisation: a forged round id from elsewhere finds nothing.
  const round = await store.rounds.get(actor.organisationId, roundId);
  const team = round ? await store.teams.get(actor.organisationId, round.teamId) : null;
  let view: Record<string, unknown>;
  if (!round || !team) {
    view = noticeModal(actor.locale, 'slack.modal_title', t(actor.locale, 'error.round.not_found'));
  } else if (round.status !== 'open' || round.closesAt.getTime() <= runtime.deps.clock.now().getTime()) {
    view = noticeModal(
      actor.locale,
      'slack.modal_title',
      t(actor.locale, 'error.round.closed', { theme: round.theme || team.name }),
    );
  } else if (!(await admitToTeam(runtime, client, actor, round, who))) {
    view = noticeModal(actor.locale, 'slack.modal_title', t(actor.locale, 'slack.not_in_team'));
  } else {
    view = answerModal(
      round,
      team.name,
      actor.locale,
      await myAnswers(runtime.deps, actor.organisationId, round.id, actor.person.id),
    );
  }
  await client.views.open({ trigger_id: who.triggerId, view: view as never });
}

export type AnswerSubmitResult = ScheduleSubmitResult;

/** view_submission of the answer form → recordAnswers; refusals appear under the field. */
export async function saveAnswers(
  runtime: SlackRuntime,
  client: WebClient,
  who: Who,
  view: unknown,
): Promise<AnswerSubmitResult> {
  const actor = await resolveActor(runtime, client, who.teamId, who.userId);
  const submitted = parseViewSubmission(view);
  const roundId = typeof submitted?.metadata.roundId === 'string' ? submitted.metadata.roundId : '';
  const round = await runtime.deps.store.rounds.get(actor.organisationId, roundId);
  if (!submitted || !round)
    return {
      response_action: 'update',
      view: noticeModal(actor.locale, 'slack.modal_title', t(actor.locale, 'error.round.not_found')),
    };
  const answers = answersFrom(round, submitted.values);
  const saved = await recordAnswers(runtime.deps, {
    organisationId: actor.organisationId,
    roundId: round.id,
    personId: actor.person.id,
    answers,
    source: 'form',
    platform: 'slack',
  });
  if (!saved.ok) {
    const details: Record<string, string | number> = { ...saved.details };
    if (saved.code === 'permission.denied' && typeof details.role === 'string')
      details.role = t(actor.locale, `role.${details.role as 'member'}`);
    return {
      response_action: 'errors',
      errors: answerErrors(round, answers, saved, t(actor.locale, `error.${saved.code}`, details)),
    };
  }
  return {
    response_action: 'update',
    view: noticeModal(actor.locale, 'slack.saved', t(actor.locale, 'prompt.submitted')),
  };
}

export async function saveSchedule(
  runtime: SlackRuntime,
  client: WebClient,
  who: Who,
  view: unknown,
): Promise<ScheduleSubmitResult> {
  const actor = await resolveActor(runtime, client, who.teamId, who.userId);
  const submitted = parseViewSubmission(view);
  if (!submitted)
    return {
      response_action: 'update',
      view: noticeModal(actor.locale, 'slack.modal_title', t(actor.locale, 'error.input.invalid', { field: 'view' })),
    };
  return submitSchedule(runtime.deps, actor, submitted.values);
}

/**
 * Whether the person may answer for the round's team, admitting them when a Slack channel says
 * so: clicking in the team's bound channel, or being a member of one of its bound channels (a
 * reminder DM reaches people who never spoke in the channel).
 */
async function admitToTeam(
  runtime: SlackRuntime,
  client: WebClient,
  actor: Actor,
  round: Round,
  who: Who,
): Promise<boolean> {
  const { deps } = runtime;
  const team = await deps.store.teams.get(actor.organisationId, round.teamId);
  if (!team) return false;
  if ((await authorize(deps.store, actor.organisationId, actor.person.id, 'answer', teamContext(team))).ok) return true;
  const bindings = (await deps.store.bindings.listByTeam(actor.organisationId, team.id)).filter(
    (b) => b.platform === 'slack' && b.workspaceId === actor.teamId,
  );
  let member = who.channelId !== null && bindings.some((b) => b.channelId === who.channelId);
  for (const binding of bindings) {
    if (member) break;
    try {
      const result = await client.conversations.members({ channel: binding.channelId, limit: 1000 });
      member = (result.members ?? []).includes(who.userId);
    } catch (error) {
      runtime.log.warn(
        { channel: binding.channelId, err: (error as Error).message },
        'slack: cannot read channel members',
      );
    }
  }
  if (member) await ensureTeamMember(deps, actor.organisationId, actor.person.id, team.id);
  return member;
}
