import type { App, InstallationStore } from '@slack/bolt';
import { ANSWER_CALLBACK } from './answer-modal.js';
import { handleCommandButton, handleSlashCommand, parseSlashCommand } from './slack-commands.js';
import { handleHomeOpened, handleMemberJoined, publishHome } from './slack-events.js';
import { openAnswerForm, saveAnswers, saveSchedule } from './slack-interactions.js';
import { handleMessageEvent } from './slack-messages.js';
import { parseInteraction } from './slack-payloads.js';
import { ACTION } from './slack-render.js';
import type { SlackRuntime } from './slack-runtime.js';
import { SCHEDULE_CALLBACK } from './schedule-modal.js';

/** The slash command as registered in the manifest. */
export const SLASH_COMMAND = '/vijfvragen';

/**
 * Wires Slack's events, commands, buttons and modals to the handlers. Each handler parses its
 * payload with zod and works on platform-free values; this file only routes.
 */
export function registerListeners(app: App, runtime: SlackRuntime, installationStore: InstallationStore | null): void {
  app.event('message', async ({ body, client }) => {
    await handleMessageEvent(runtime, client, body);
  });

  app.event('member_joined_channel', async ({ body, client, context }) => {
    await handleMemberJoined(runtime, client, body, context.botUserId);
  });

  app.event('app_home_opened', async ({ body, client }) => {
    await handleHomeOpened(runtime, client, body);
  });

  // The workspace removed the app: forget its tokens (the organisation and its data stay).
  const forget = async ({ body }: { body: { team_id?: string } }) => {
    if (installationStore?.deleteInstallation && body.team_id) {
      await installationStore.deleteInstallation({ teamId: body.team_id, enterpriseId: undefined, isEnterpriseInstall: false });
    }
  };
  app.event('app_uninstalled', forget);
  app.event('tokens_revoked', forget);

  app.command(SLASH_COMMAND, async ({ body, ack, client }) => {
    const parsed = parseSlashCommand(body);
    if (!parsed) return void (await ack());
    const response = await handleSlashCommand(runtime, client, parsed);
    await ack(response ?? undefined);
  });

  app.action(ACTION.answer, async ({ ack, body, action, client }) => {
    await ack();
    const who = parseInteraction(body);
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    if (who && value) await openAnswerForm(runtime, client, who, value);
  });

  app.action(new RegExp(`^${ACTION.command}_\\d+$`), async ({ ack, body, action, client, respond }) => {
    await ack();
    const who = parseInteraction(body);
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    if (!who || !value) return;
    const response = await handleCommandButton(runtime, client, who, value);
    if ('response_url' in body && body.response_url) await respond(response);
    else await publishHome(runtime, client, who.teamId, who.userId);
  });

  app.view(ANSWER_CALLBACK, async ({ ack, body, view, client }) => {
    const who = parseInteraction(body);
    if (!who) return void (await ack());
    // Our views are plain records built under Block Kit's limits; Bolt's View type is stricter than we need.
    await ack((await saveAnswers(runtime, client, who, view)) as never);
  });

  app.view(SCHEDULE_CALLBACK, async ({ ack, body, view, client }) => {
    const who = parseInteraction(body);
    if (!who) return void (await ack());
    await ack((await saveSchedule(runtime, client, who, view)) as never);
  });
}
