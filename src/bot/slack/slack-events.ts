import { t } from '../../i18n/index.js';
import { sections } from './block-kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { WebClient } from './slack-client.js';
import { METADATA_EVENT_TYPE } from './post-metadata.js';
import { homeView } from './slack-home.js';
import { parseHomeOpened, parseMemberJoined } from './slack-payloads.js';
import { resolveActor, type SlackRuntime } from './slack-runtime.js';

/**
 * The bot was added to a channel. An unbound channel gets one hint telling a coordinator how to
 * bind it; the event id is recorded first, so Slack's retries never post the hint twice.
 */
export async function handleMemberJoined(
  runtime: SlackRuntime,
  client: WebClient,
  body: unknown,
  botUserId: string | undefined,
): Promise<void> {
  const { deps } = runtime;
  const joined = parseMemberJoined(body);
  if (!joined || !botUserId || joined.userId !== botUserId) return;
  if (await deps.store.bindings.findByChannel('slack', joined.teamId, joined.channelId)) return;
  if (!(await deps.store.inbound.firstSeen('slack', joined.eventId, deps.clock.now()))) return;
  const organisationId = await runtime.organisationFor(joined.teamId);
  const locale = (await deps.store.organisations.get(organisationId))?.locale ?? 'nl';
  const text = escapeMrkdwn(t(locale, 'notice.not_bound_hint'));
  try {
    await client.chat.postMessage({
      channel: joined.channelId,
      text,
      blocks: sections(text) as never,
      metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { notice: 'not_bound_hint' } },
    });
  } catch (error) {
    runtime.log.warn(
      { channel: joined.channelId, err: (error as Error).message },
      'slack: could not post the binding hint',
    );
  }
}

/** App Home opened: publish the person's view, fresh from the store. */
export async function handleHomeOpened(runtime: SlackRuntime, client: WebClient, body: unknown): Promise<void> {
  const opened = parseHomeOpened(body);
  if (!opened) return;
  await publishHome(runtime, client, opened.teamId, opened.userId);
}

export async function publishHome(
  runtime: SlackRuntime,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<void> {
  const actor = await resolveActor(runtime, client, teamId, userId);
  await client.views.publish({ user_id: userId, view: (await homeView(runtime.deps, actor)) as never });
}
