import { TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { AppLogger } from '../../logger.js';
import type { TeamsConversations } from './teams-conversations.js';
import type { CommandFeatures } from '../commands/run-command.js';
import type { TeamsPlace } from './teams-activity.js';
import type { TenantDirectory } from './teams-tenants.js';

/** Everything the Teams handlers and the channel share; built once in `createTeamsModule`. */
export interface TeamsRuntime {
  deps: DialogueDeps;
  features: CommandFeatures;
  log: AppLogger;
  adapter: CloudAdapter;
  /** The bot's Microsoft App id; empty in the local no-credentials mode. */
  appId: string;
  conversations: TeamsConversations;
  tenants: TenantDirectory;
  dashboardUrl: string;
}

/** The conversation reference to post new messages into a place later (a channel: new threads). */
export function baseReference(context: TurnContext, place: TeamsPlace): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(context.activity);
  return {
    ...reference,
    activityId: undefined,
    conversation: { ...reference.conversation, id: place.baseConversationId, tenantId: place.tenantId },
  } as Partial<ConversationReference>;
}

/** Stores the reference of the place an activity came from; true when the bot had not seen it before. */
export async function rememberPlace(
  runtime: TeamsRuntime,
  context: TurnContext,
  place: TeamsPlace,
  organisationId: string,
  userId: string,
): Promise<boolean> {
  const now = runtime.deps.clock.now();
  return runtime.conversations.save({
    conversationId: place.baseConversationId,
    tenantId: place.tenantId,
    organisationId,
    kind: place.kind,
    userId: place.kind === 'personal' ? userId : null,
    reference: JSON.parse(JSON.stringify(baseReference(context, place))) as Record<string, unknown>,
    createdAt: now,
    updatedAt: now,
  });
}

/** The key an activity is deduplicated on: activity ids are unique within a conversation. */
export const activityKey = (place: TeamsPlace, activityId: string) => `${place.baseConversationId}|${activityId}`;
