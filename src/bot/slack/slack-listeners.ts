import type { App, InstallationStore } from '@slack/bolt';
import { ANSWER_CALLBACK } from './answer-modal.js';
import { handleCommandButton, handleSlashCommand, parseSlashCommand } from './slack-commands.js';
import { handleHomeOpened, handleMemberJoined, publishHome } from './slack-events.js';
import { openAnswerForm, saveAnswers, saveSchedule } from './slack-interactions.js';
import { handleMessageEvent } from './slack-messages.js';
import { parseInteraction } from './slack-payloads.js';
import { ACTION } from './slack-render.js';
import { CLOSE_ROUND_ACTION, closeRoundClicked } from './slack-close-round.js';
import type { SlackRuntime } from './slack-runtime.js';
import { SCHEDULE_CALLBACK } from './schedule-modal.js';

/** The slash command as registered in the manifest. */
export const SLASH_COMMAND = '/vijfvragen';

/** The ids this app puts on its own buttons and modals. */
const ACTION_IDS = new RegExp(`^(${ACTION.answer}|${ACTION.command}_\\d+|${CLOSE_ROUND_ACTION})$`);
const VIEW_IDS = new RegExp(`^(${ANSWER_CALLBACK}|${SCHEDULE_CALLBACK})$`);
/** The events the app subscribes to; the manifest's bot_events follow from them. */
export const EVENT_TYPES = [
  'message',
  'member_joined_channel',
  'app_home_opened',
  'app_uninstalled',
  'tokens_revoked',
] as const;
const EVENT_PATTERN = new RegExp(`^(${EVENT_TYPES.join('|')})$`);

/**
 * Wires Slack's events, commands, buttons and modals to the handlers. Each handler parses its
 * payload with zod and works on platform-free values; this file only routes.
 *
 * One listener per kind of payload (events, the command, buttons, modals), each choosing its
 * handler by type or id: Bolt runs every listener's matchers for every request it gets, and a
 * thread reply is the request that comes thousands of times.
 */
export function registerListeners(app: App, runtime: SlackRuntime, installationStore: InstallationStore | null): void {
  // The workspace removed the app: forget its tokens (the organisation and its data stay).
  const forget = async (teamId: string | undefined) => {
    if (installationStore?.deleteInstallation && teamId) {
      await installationStore.deleteInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    }
  };

  app.event(EVENT_PATTERN, async ({ event, body, client, context }) => {
    switch (event.type) {
      case 'message':
        return void (await handleMessageEvent(runtime, client, body, context.botUserId));
      case 'member_joined_channel':
        return handleMemberJoined(runtime, client, body, context.botUserId);
      case 'app_home_opened':
        return handleHomeOpened(runtime, client, body);
      case 'app_uninstalled':
      case 'tokens_revoked':
        return forget(body.team_id);
    }
  });

  app.command(SLASH_COMMAND, async ({ body, ack, client }) => {
    const parsed = parseSlashCommand(body);
    if (!parsed) return void (await ack());
    const response = await handleSlashCommand(runtime, client, parsed);
    await ack(response ?? undefined);
  });

  app.action(ACTION_IDS, async ({ ack, body, action, client, respond }) => {
    await ack();
    const who = parseInteraction(body);
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    if (!who || !value) return;
    const actionId = 'action_id' in action ? action.action_id : '';
    if (actionId === ACTION.answer) return openAnswerForm(runtime, client, who, value);
    // A close button: Slack showed its confirm dialog first; this runs only after "Ja, sluit de ronde".
    const reply =
      actionId === CLOSE_ROUND_ACTION
        ? { response_type: 'ephemeral' as const, text: await closeRoundClicked(runtime, client, who, value) }
        : await handleCommandButton(runtime, client, who, value);
    if ('response_url' in body && body.response_url) await respond(reply);
    else await publishHome(runtime, client, who.teamId, who.userId);
  });

  app.view(VIEW_IDS, async ({ ack, body, view, client }) => {
    const who = parseInteraction(body);
    if (!who) return void (await ack());
    const save = view.callback_id === ANSWER_CALLBACK ? saveAnswers : saveSchedule;
    // Our views are plain records built under Block Kit's limits; Bolt's View type is stricter than we need.
    await ack((await save(runtime, client, who, view)) as never);
  });
}
