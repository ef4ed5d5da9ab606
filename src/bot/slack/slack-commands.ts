import { z } from 'zod';
import type { Person } from '../../dialogues/model.js';
import { ensureTeamMember } from '../../dialogues/people.js';
import { parseCommand } from '../commands/parse-command.js';
import { runCommand, type CommandContext, type CommandReply } from '../commands/run-command.js';
import type { WebClient } from './slack-client.js';
import { renderCommandReply, type SlackCommandResponse } from './slack-command-reply.js';
import { slackCommandText } from './slack-payloads.js';
import { resolveActor, CHANNEL_ID, type Actor, type SlackRuntime } from './slack-runtime.js';
import { scheduleModal } from './schedule-modal.js';
import { noticeModal } from './answer-modal.js';
import { t } from '../../i18n/index.js';

const slashCommand = z.object({
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().default(''),
  channel_name: z.string().default(''),
  text: z.string().default(''),
  trigger_id: z.string().optional(),
});

export type SlashCommandBody = z.infer<typeof slashCommand>;

export function parseSlashCommand(body: unknown): SlashCommandBody | null {
  const parsed = slashCommand.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** Where a command was given: a channel the bot can bind, or a direct message (no channel). */
export async function commandContext(
  runtime: SlackRuntime,
  actor: Actor,
  channelId: string | null,
  channelName: string,
): Promise<CommandContext> {
  const isChannel = channelId !== null && CHANNEL_ID.test(channelId) && !channelId.startsWith('D');
  const found = isChannel ? await runtime.deps.store.bindings.findByChannel('slack', actor.teamId, channelId) : null;
  const binding = found && found.organisationId === actor.organisationId ? found : null;
  // Speaking in a team's bound channel makes one a member of that team: the channel is the gate.
  if (binding) await ensureTeamMember(runtime.deps, actor.organisationId, actor.person.id, binding.teamId);
  return {
    organisationId: actor.organisationId,
    personId: actor.person.id,
    locale: actor.locale,
    channel: isChannel
      ? {
          platform: 'slack',
          workspaceId: actor.teamId,
          channelId,
          name: channelName ? `#${channelName}` : channelId,
          address: { teamId: actor.teamId },
        }
      : null,
    binding,
  };
}

/**
 * `/vijfvragen …`: parsed and run by the shared command layer, answered in the HTTP response.
 * `schema nieuw` opens the schedule modal instead (the trigger id is only valid for 3 seconds,
 * so the modal is opened before acknowledging).
 */
export async function handleSlashCommand(
  runtime: SlackRuntime,
  client: WebClient,
  body: SlashCommandBody,
): Promise<SlackCommandResponse | null> {
  const actor = await resolveActor(runtime, client, body.team_id, body.user_id);
  const ctx: CommandContext = {
    ...(await commandContext(runtime, actor, body.channel_id || null, body.channel_name)),
    findMentioned: (mention) => mentioned(runtime, client, actor, mention.userId),
  };
  const command = parseCommand(slackCommandText(body.text));
  const reply = await runCommand(runtime.deps, runtime.features, ctx, command);
  if (reply.kind === 'schedule_form') {
    if (!body.trigger_id) return null;
    const view = await scheduleModal(runtime.deps, actor);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: (view ??
        noticeModal(actor.locale, 'slack.modal_title', t(actor.locale, 'slack.schedule_no_templates'))) as never,
    });
    return null;
  }
  if (
    command.name === 'link' &&
    reply.kind === 'text' &&
    ctx.channel &&
    !(await joinChannel(runtime, client, ctx.channel.channelId))
  ) {
    // Bound, but the bot is not in the channel (a private one): say so now, not when the first prompt fails.
    return render(runtime, { ...reply, text: `${reply.text} ${t(actor.locale, 'slack.invite_hint')}` }, actor);
  }
  return render(runtime, reply, actor);
}

/** A mentioned user of the same workspace, as users.info knows them (a bot, a deleted or unknown account is nobody). */
async function mentioned(
  runtime: SlackRuntime,
  client: WebClient,
  actor: Actor,
  userId: string,
): Promise<Person | null> {
  const user = await runtime.people.user(client, actor.teamId, userId);
  if (!user || user.isBot || user.deleted) return null;
  return runtime.people.person(client, actor.organisationId, actor.teamId, userId);
}

/** A button under a list item carries a command text (`schema pauzeer <id>`); run it as typed. */
export async function handleCommandButton(
  runtime: SlackRuntime,
  client: WebClient,
  who: { teamId: string; userId: string; channelId: string | null },
  text: string,
): Promise<SlackCommandResponse> {
  const actor = await resolveActor(runtime, client, who.teamId, who.userId);
  const ctx = await commandContext(runtime, actor, who.channelId, '');
  const reply = await runCommand(runtime.deps, runtime.features, ctx, parseCommand(text));
  return { ...render(runtime, reply, actor), replace_original: true };
}

function render(runtime: SlackRuntime, reply: CommandReply, actor: Actor): SlackCommandResponse {
  return renderCommandReply(reply, actor.locale, { dashboardUrl: runtime.dashboardUrl });
}

/**
 * After binding a channel, join it so prompts can be posted. A public channel can be joined (or
 * the bot is in it already); a private one needs an invite, which only a person can give.
 */
async function joinChannel(runtime: SlackRuntime, client: WebClient, channel: string): Promise<boolean> {
  try {
    await client.conversations.join({ channel });
    return true;
  } catch (error) {
    runtime.log.info(
      { channel, err: (error as Error).message },
      'slack: could not join the bound channel (invite the bot)',
    );
    return false;
  }
}
