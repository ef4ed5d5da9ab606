import { createHash } from 'node:crypto';
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { hasPlaceholderName, nameFromPlatform } from '../../dialogues/name-organisation.js';
import { handleThreadMessage } from '../../dialogues/inbound-message.js';
import type { Person } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { cardAction, invokeResponse, refusalText, submitReply } from './teams-answers.js';
import { parseActivity, type TeamsEvent } from './teams-activity.js';
import { parseCommand } from '../commands/parse-command.js';
import { handleCommand } from './teams-commands.js';
import { SCHEDULE_VERB, saveScheduleCard } from './schedule-card.js';
import { textMessage, withCard } from './teams-render.js';
import { activityKey, rememberPlace, type TeamsRuntime } from './teams-runtime.js';
import { localeOf, promoteInstaller, teamsPerson } from './teams-tenants.js';

export type TurnOutcome =
  'installed' | 'greeted' | 'command' | 'stored' | 'edited' | 'deleted' | 'duplicate' | 'refused' | 'card' | 'ignored';

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

async function handle(
  runtime: TeamsRuntime,
  context: TurnContext,
  event: Exclude<TeamsEvent, { kind: 'ignored' }>,
): Promise<TurnOutcome> {
  const { deps } = runtime;
  const { place, user } = event;
  const organisationId = await runtime.tenants.ensure(place.tenantId, place.teamName ?? '');
  let person = await teamsPerson(
    deps,
    organisationId,
    place.tenantId,
    user,
    event.kind === 'message' ? localeOf(event.locale) : undefined,
  );
  if (hasPlaceholderName(person, user.id)) person = await nameFromTeams(runtime, context, person, user);
  const isNewPlace = await rememberPlace(runtime, context, place, organisationId, user.id);
  const key = activityKey(place, event.activityId);

  switch (event.kind) {
    case 'installed': {
      const promoted = await promoteInstaller(deps, organisationId, person);
      if (!isNewPlace && !promoted) return 'installed';
      const lines = [
        t(person.locale, 'teams.welcome'),
        t(person.locale, 'teams.bind_hint'),
        ...(promoted ? [t(person.locale, 'teams.coordinator_granted')] : []),
      ];
      await context.sendActivity(textMessage(lines.join('\n\n')));
      return 'greeted';
    }
    case 'edited':
    case 'deleted':
      return threadMessage(runtime, context, event, organisationId, person);
    case 'message': {
      if (place.threadRootId) {
        const outcome = await threadMessage(runtime, context, event, organisationId, person);
        if (outcome !== 'ignored' && outcome !== 'command') return outcome;
      }
      if (!event.mentionsBot && place.kind !== 'personal') return 'ignored';
      if (!(await deps.store.inbound.firstSeen('teams', key, deps.clock.now()))) return 'duplicate';
      await handleCommand(runtime, context, place, organisationId, person, event.commandText);
      return 'command';
    }
    case 'submit': {
      if (event.data.vv === SCHEDULE_VERB) {
        // Clients without Universal Actions: the outcome comes as a new card in the conversation.
        const form = await saveScheduleCard(deps, organisationId, person, event.data);
        await context.sendActivity(withCard(t(person.locale, 'plan.title_new'), form));
        return 'card';
      }
      if (event.data.vv !== 'vv_answers') return 'ignored';
      if (!(await deps.store.inbound.firstSeen('teams', key, deps.clock.now()))) return 'duplicate';
      const outcome = await cardAction(runtime, context, place, organisationId, person, 'vv_answers', event.data);
      await context.sendActivity(submitReply(outcome, person));
      return outcome.kind === 'card' ? 'card' : 'refused';
    }
    case 'execute': {
      if (event.verb === SCHEDULE_VERB) {
        const form = await saveScheduleCard(deps, organisationId, person, event.data);
        await context.sendActivity(invokeResponse({ kind: 'card', card: form }));
        return 'card';
      }
      const outcome = await cardAction(runtime, context, place, organisationId, person, event.verb, event.data);
      await context.sendActivity(invokeResponse(outcome));
      return outcome.kind === 'card' ? 'card' : 'refused';
    }
  }
}

/**
 * A plain message in a round's thread, or an edit or deletion of one, handed to the one inbound
 * use case. The activity key is recorded with the write: a redelivered activity is a duplicate,
 * and a refusal is told once. Edits share the message's activity id, so the edit's timestamp
 * tells one edit from the next.
 */
async function threadMessage(
  runtime: TeamsRuntime,
  context: TurnContext,
  event: Extract<TeamsEvent, { kind: 'message' | 'edited' | 'deleted' }>,
  organisationId: string,
  person: Person,
): Promise<TurnOutcome> {
  const { deps } = runtime;
  const { place } = event;
  if (!place.threadRootId) return 'ignored';
  const key = activityKey(place, event.activityId);
  const common = {
    platform: 'teams' as const,
    organisationId,
    channel: { workspaceId: place.tenantId, channelId: place.baseConversationId },
    messageId: `${place.baseConversationId}:${event.activityId}`,
  };
  const addressed =
    event.kind === 'message' && event.mentionsBot ? (isCommand(event.commandText) ? 'command' : 'mention') : undefined;
  const outcome =
    event.kind === 'message'
      ? await handleThreadMessage(deps, {
          ...common,
          kind: 'new',
          eventId: key,
          text: event.text,
          threadId: place.threadRootId,
          sender: async () => person,
          ...(addressed ? { addressed } : {}),
        })
      : event.kind === 'edited'
        ? await handleThreadMessage(deps, {
            ...common,
            kind: 'edited',
            eventId: `${key}|${event.restored ? 'undelete' : 'edit'}|${event.version || createHash('sha256').update(event.text).digest('hex')}`,
            text: event.text,
            ...(event.restored ? { restored: true } : {}),
          })
        : await handleThreadMessage(deps, { ...common, kind: 'deleted', eventId: `${key}|delete` });
  if (outcome.kind === 'stored' && outcome.confirm) {
    // Someone who addressed the bot expects an answer: say it was kept as their answer.
    await context.sendActivity(textMessage(t(person.locale, 'teams.mention_saved')));
    return 'stored';
  }
  if (outcome.kind !== 'refused') return outcome.kind;
  const who = (await deps.store.people.get(organisationId, person.id)) ?? person;
  await context.sendActivity(textMessage(refusalText(who, outcome.failure)));
  return 'refused';
}

/**
 * A person known only by their `29:` id (install events carry no name) is named from this
 * activity when it carries a name, else from the roster (the Connector's members API). A roster
 * that cannot be read leaves the id for the next activity to fix; it never fails the turn.
 */
async function nameFromTeams(
  runtime: TeamsRuntime,
  context: TurnContext,
  person: Person,
  user: { id: string; name: string },
): Promise<Person> {
  let name = user.name;
  if (name.trim() === '') {
    try {
      name = (await TeamsInfo.getMember(context, user.id)).name ?? '';
    } catch (error) {
      runtime.log.warn({ err: (error as Error).message }, 'teams: roster lookup for a nameless person failed');
    }
  }
  return nameFromPlatform(runtime.deps, person, user.id, name);
}

/** A known command, as `@Vijf Vragen <text>`; anything else (an answer, however long) is not. */
function isCommand(text: string): boolean {
  const name = parseCommand(text).name;
  return name !== 'unknown' && name !== 'too_long';
}
