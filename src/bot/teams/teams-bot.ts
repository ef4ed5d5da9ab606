import type { TurnContext } from 'botbuilder';
import { ensureTeamMember } from '../../dialogues/people.js';
import { recordThreadReply } from '../../dialogues/record-reply.js';
import { t } from '../../i18n/index.js';
import { cardAction, invokeResponse, refusalText, submitReply } from './teams-answers.js';
import { parseActivity, type TeamsEvent } from './teams-activity.js';
import { handleCommand } from './teams-commands.js';
import { textMessage } from './teams-render.js';
import { activityKey, rememberPlace, type TeamsRuntime } from './teams-runtime.js';
import { localeOf, promoteInstaller, teamsPerson } from './teams-tenants.js';

export type TurnOutcome = 'installed' | 'greeted' | 'command' | 'stored' | 'duplicate' | 'refused' | 'card' | 'ignored';

/**
 * One Teams activity, start to finish. Everything is written before this returns, and the
 * CloudAdapter answers Teams only after that; a throw answers 500 and Teams delivers again.
 * Redeliveries (same activity id) are recognised: thread replies by the reply's message id and
 * the activity id recorded in the same transaction, commands and installs by the activity id.
 */
export function createTurnHandler(runtime: TeamsRuntime, fallbackTenant: string | null) {
  return async (context: TurnContext): Promise<TurnOutcome> => {
    const event = parseActivity(context.activity, fallbackTenant);
    if (event.kind === 'ignored') {
      runtime.log.debug({ reason: event.reason }, 'teams: activity ignored');
      return 'ignored';
    }
    return handle(runtime, context, event);
  };
}

async function handle(runtime: TeamsRuntime, context: TurnContext, event: Exclude<TeamsEvent, { kind: 'ignored' }>): Promise<TurnOutcome> {
  const { deps } = runtime;
  const { place, user } = event;
  const organisationId = await runtime.tenants.ensure(place.tenantId, place.teamName ?? '');
  const person = await teamsPerson(deps, organisationId, place.tenantId, user, event.kind === 'message' ? localeOf(event.locale) : undefined);
  const isNewPlace = await rememberPlace(runtime, context, place, organisationId, user.id);
  const key = activityKey(place, event.activityId);

  switch (event.kind) {
    case 'installed': {
      const promoted = await promoteInstaller(deps, organisationId, person);
      if (!isNewPlace && !promoted) return 'installed';
      const lines = [t(person.locale, 'teams.welcome'), t(person.locale, 'teams.bind_hint'), ...(promoted ? [t(person.locale, 'teams.coordinator_granted')] : [])];
      await context.sendActivity(textMessage(lines.join('\n\n')));
      return 'greeted';
    }
    case 'message': {
      if (place.threadRootId) {
        const outcome = await threadReply(runtime, context, event, organisationId, person.id, person.locale);
        if (outcome !== 'ignored') return outcome;
      }
      if (!event.mentionsBot && place.kind !== 'personal') return 'ignored';
      if (!(await deps.store.inbound.firstSeen('teams', key, deps.clock.now()))) return 'duplicate';
      await handleCommand(runtime, context, place, organisationId, person, event.commandText);
      return 'command';
    }
    case 'submit': {
      if (event.data.vv !== 'vv_answers') return 'ignored';
      if (!(await deps.store.inbound.firstSeen('teams', key, deps.clock.now()))) return 'duplicate';
      const outcome = await cardAction(runtime, context, place, organisationId, person, 'vv_answers', event.data);
      await context.sendActivity(submitReply(outcome, person));
      return outcome.kind === 'card' ? 'card' : 'refused';
    }
    case 'execute': {
      const outcome = await cardAction(runtime, context, place, organisationId, person, event.verb, event.data);
      await context.sendActivity(invokeResponse(outcome));
      return outcome.kind === 'card' ? 'card' : 'refused';
    }
  }
}

/** A plain message in a round's thread: stored once, mapped to a question by the thread rule. */
async function threadReply(runtime: TeamsRuntime, context: TurnContext, event: Extract<TeamsEvent, { kind: 'message' }>, organisationId: string, personId: string, locale: 'nl' | 'en'): Promise<TurnOutcome> {
  const { deps } = runtime;
  const { place } = event;
  const binding = await deps.store.bindings.findByChannel('teams', place.tenantId, place.baseConversationId);
  if (!binding || binding.organisationId !== organisationId || !place.threadRootId) return 'ignored';
  const prompt = await deps.store.deliveries.findPromptByPost(binding.id, place.threadRootId);
  if (!prompt?.roundId) return 'ignored';
  const platformMessageId = `${place.baseConversationId}:${event.activityId}`;
  // The activity key is stored with the reply (the message id is its key): a redelivered
  // activity is a duplicate, and a refusal is told once.
  await ensureTeamMember(deps, organisationId, personId, binding.teamId);
  const eventId = activityKey(place, event.activityId);
  const recorded = await recordThreadReply(deps, { organisationId, roundId: prompt.roundId, personId, text: event.text, platform: 'teams', platformMessageId, eventId });
  if (recorded.ok && recorded.value.duplicate) return 'duplicate';
  if (!recorded.ok) {
    const person = await deps.store.people.get(organisationId, personId);
    await context.sendActivity(textMessage(person ? refusalText(person, recorded) : t(locale, `error.${recorded.code}`)));
    return 'refused';
  }
  return 'stored';
}

