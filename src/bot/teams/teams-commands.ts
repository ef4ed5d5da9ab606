import { scheduleCard } from './schedule-card.js';
import type { TurnContext } from 'botbuilder';
import { parseCommand } from '../commands/parse-command.js';
import { runCommand, type CommandContext, type CommandReply } from '../commands/run-command.js';
import type { Locale, Person } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { bullets, card, plain } from './adaptive-card.js';
import type { TeamsPlace } from './teams-activity.js';
import { renderMessage, textMessage, withCard, type TeamsMessage } from './teams-render.js';
import { baseReference, type TeamsRuntime } from './teams-runtime.js';
import { teamsPerson } from './teams-tenants.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

/**
 * A command given by @mention in a channel or in the personal chat, run through the shared
 * run-command (permissions are checked there; a refusal names the role). Teams has no
 * private replies in a channel, so every answer is a reply in the conversation.
 */
export async function handleCommand(
  runtime: TeamsRuntime,
  context: TurnContext,
  place: TeamsPlace,
  organisationId: string,
  person: Person,
  text: string,
): Promise<CommandReply> {
  const channel =
    place.kind === 'channel'
      ? {
          platform: 'teams' as const,
          workspaceId: place.tenantId,
          channelId: place.baseConversationId,
          name: place.channelName,
          address: JSON.parse(JSON.stringify(baseReference(context, place))) as Record<string, unknown>,
        }
      : null;
  const binding = channel
    ? await runtime.deps.store.bindings.findByChannel('teams', place.tenantId, channel.channelId)
    : null;
  const ctx: CommandContext = {
    organisationId,
    personId: person.id,
    locale: person.locale,
    channel,
    binding,
    // A mention names a user of this tenant (29:…; not a bot, channel or tag): someone the bot
    // has not met yet is met now, under the name Teams gives.
    findMentioned: async ({ userId, name }) =>
      userId.startsWith('29:')
        ? teamsPerson(runtime.deps, organisationId, place.tenantId, { id: userId, name: name ?? '', aadObjectId: null })
        : null,
  };
  const reply = await runCommand(runtime.deps, runtime.features, ctx, parseCommand(text));
  if (reply.kind === 'schedule_form') {
    // The planning form as a card in the conversation: the same pickers as the dashboard.
    const form = await scheduleCard(runtime.deps, organisationId, person);
    await context.sendActivity(withCard(t(person.locale, 'plan.title_new'), form));
    return reply;
  }
  const organisation = await runtime.deps.store.organisations.get(organisationId);
  await context.sendActivity(
    renderReply(reply, person.locale, {
      timeZone: organisation?.timeZone ?? DEFAULT_TIME_ZONE,
      dashboardUrl: runtime.dashboardUrl,
    }),
  );
  return reply;
}

export function renderReply(
  reply: CommandReply,
  locale: Locale,
  options: { timeZone: string; dashboardUrl: string },
): TeamsMessage {
  switch (reply.kind) {
    case 'text':
    case 'error':
      return textMessage(reply.text);
    case 'help':
      return withCard(
        reply.title,
        card([plain(reply.title, { weight: 'Bolder' }), bullets(reply.lines.map((line) => `@Vijf Vragen ${line}`))]),
      );
    case 'list':
      return withCard(
        reply.title,
        card([
          plain(reply.title, { weight: 'Bolder' }),
          reply.items.length > 0 ? bullets(reply.items.map((item) => item.text)) : plain(reply.empty),
        ]),
      );
    case 'schedule_form':
      return textMessage(`${t(locale, 'teams.digest_dashboard')}: ${options.dashboardUrl}/schedules`);
    case 'digest':
      return renderMessage(reply.message, locale, options);
  }
}
