import type { Activity, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { ChatChannel, SendOutcome, SendRequest } from '../../dialogues/ports.js';
import { reminderDm, roundPromptLink } from './reminder-dm.js';
import { classifyTeamsError } from './teams-errors.js';
import { renderMessage } from './teams-render.js';
import type { TeamsRuntime } from './teams-runtime.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

/** Teams allows 7 messages a second per conversation; one every 150 ms stays under it. */
export const TEAMS_PER_CHANNEL_INTERVAL_MS = 150;
const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';

/**
 * Sends a proactive post. botbuilder marks it as a reply to the made-up continuation activity;
 * a proactive post answers nothing, so that mark is removed (the conversation id alone says
 * whether it goes into a thread).
 */
function sendNew(context: TurnContext, activity: Partial<Activity>) {
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const outgoing of activities) delete outgoing.replyToId;
    return next();
  });
  return context.sendActivity(activity);
}

/**
 * Teams as the domain's ChatChannel: proactive posts from stored conversation references. A
 * channel post without a thread starts a new thread (the round's prompt); with `threadRef` it
 * answers in that thread. A person's digest or round reminder goes to their personal chat with
 * the bot, created when there is none yet. Teams cannot be asked afterwards what was posted, so
 * there is no `findPosted`: an unclear attempt is handed to a coordinator by the delivery worker.
 */
export function createTeamsChannel(runtime: TeamsRuntime): ChatChannel {
  const { deps, adapter, log } = runtime;

  async function post(reference: Partial<ConversationReference>, request: SendRequest): Promise<string> {
    const activity = await render(request);
    let id = '';
    await adapter.continueConversationAsync(runtime.appId, reference, async (context: TurnContext) => {
      id = (await sendNew(context, activity))?.id ?? '';
    });
    return id;
  }

  async function render(request: SendRequest) {
    const timeZone =
      request.timeZone ?? (await deps.store.organisations.get(request.organisationId))?.timeZone ?? DEFAULT_TIME_ZONE;
    // A reminder in someone's personal chat links to the round's card, where they answer.
    if (request.message.kind === 'round.reminder' && request.destination.kind === 'person') {
      return reminderDm(
        request.message,
        request.locale,
        timeZone,
        await roundPromptLink(deps.store, request.organisationId, request.message.roundId),
      );
    }
    return renderMessage(request.message, request.locale, { timeZone, dashboardUrl: runtime.dashboardUrl });
  }

  async function toPerson(request: SendRequest & { destination: { kind: 'person' } }): Promise<SendOutcome> {
    const { identity, person } = request.destination;
    const identities = await deps.store.people.identities(request.organisationId, person.id);
    const teamsUser = identity.userId.startsWith('aad:')
      ? (identities.find((i) => i.platform === 'teams' && !i.userId.startsWith('aad:')) ?? identity)
      : identity;
    const chat = await runtime.conversations.findPersonal(teamsUser.workspaceId, teamsUser.userId);
    if (chat)
      return { status: 'sent', postedRef: await post(chat.reference as Partial<ConversationReference>, request) };
    const known = await runtime.conversations.latestOfTenant(teamsUser.workspaceId);
    const reference = known?.reference as Partial<ConversationReference> | undefined;
    if (!reference?.serviceUrl || !reference.bot)
      return { status: 'failed', reason: 'teams: no conversation of this tenant known yet (install the app first)' };
    const parameters = {
      isGroup: false,
      bot: reference.bot,
      members: [{ id: teamsUser.userId }],
      tenantId: teamsUser.workspaceId,
      channelData: { tenant: { id: teamsUser.workspaceId } },
    } as unknown as ConversationParameters;
    const activity = await render(request);
    let id = '';
    await adapter.createConversationAsync(
      runtime.appId,
      'msteams',
      reference.serviceUrl,
      BOT_FRAMEWORK_SCOPE,
      parameters,
      async (context: TurnContext) => {
        const now = deps.clock.now();
        const created = {
          ...reference,
          conversation: {
            id: context.activity.conversation.id,
            conversationType: 'personal',
            tenantId: teamsUser.workspaceId,
            isGroup: false,
          },
          user: { id: teamsUser.userId, name: person.displayName },
        };
        await runtime.conversations.save({
          conversationId: context.activity.conversation.id,
          tenantId: teamsUser.workspaceId,
          organisationId: request.organisationId,
          kind: 'personal',
          userId: teamsUser.userId,
          reference: JSON.parse(JSON.stringify(created)) as Record<string, unknown>,
          createdAt: now,
          updatedAt: now,
        });
        id = (await sendNew(context, activity))?.id ?? '';
      },
    );
    return { status: 'sent', postedRef: id };
  }

  return {
    platform: 'teams',
    perChannelIntervalMs: TEAMS_PER_CHANNEL_INTERVAL_MS,

    async send(request): Promise<SendOutcome> {
      try {
        const destination = request.destination;
        if (destination.kind === 'person') return await toPerson({ ...request, destination });
        const stored = destination.binding.address as Partial<ConversationReference>;
        if (!stored.serviceUrl || !stored.conversation)
          return { status: 'failed', reason: 'teams: the binding has no conversation reference' };
        const conversationId = destination.threadRef
          ? `${destination.binding.channelId};messageid=${destination.threadRef}`
          : destination.binding.channelId;
        const reference = {
          ...stored,
          conversation: { ...stored.conversation, id: conversationId },
        } as Partial<ConversationReference>;
        return { status: 'sent', postedRef: await post(reference, request) };
      } catch (error) {
        const outcome = classifyTeamsError(error);
        log.warn(
          { deliveryId: request.deliveryId, status: outcome.status, reason: outcome.reason },
          'teams: post not delivered',
        );
        return outcome;
      }
    },
  };
}
