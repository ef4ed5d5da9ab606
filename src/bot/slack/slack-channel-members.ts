import type { ChannelMember } from '../../dialogues/ports.js';
import type { SlackRuntime } from './slack-runtime.js';
import type { WorkspaceAuth } from './slack-workspaces.js';

const MAX_MEMBER_PAGES = 10;

/**
 * The people in a Slack channel (conversations.members, then users.info, cached by the people
 * directory), leaving out the bot itself, other bots and deactivated accounts.
 */
export async function channelMembers(
  runtime: SlackRuntime,
  auth: WorkspaceAuth,
  channelId: string,
): Promise<ChannelMember[]> {
  const client = runtime.clients.interactive(auth.botToken);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_MEMBER_PAGES; page += 1) {
    const result = await client.conversations.members({
      channel: channelId,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...(result.members ?? []));
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  const members: ChannelMember[] = [];
  for (const userId of ids) {
    if (userId === auth.botUserId) continue;
    const user = await runtime.people.user(client, auth.teamId, userId);
    if (user && (user.isBot || user.deleted)) continue;
    members.push({ userId, displayName: user?.displayName ?? userId, locale: user?.locale ?? null });
  }
  return members;
}
