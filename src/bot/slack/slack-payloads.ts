import { z } from 'zod';

/**
 * Slack payloads, parsed at the edge into small platform-free events. Only the fields the bot
 * reads are declared; everything else Slack sends is ignored (zod strips it).
 */

const envelope = z.object({ team_id: z.string().min(1), event_id: z.string().min(1) });

const innerMessage = z.object({
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
});

const messageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  parent_user_id: z.string().optional(),
  message: innerMessage.optional(),
  previous_message: innerMessage.optional(),
  deleted_ts: z.string().optional(),
});

export type InboundMessage =
  | {
      kind: 'thread_reply';
      teamId: string;
      eventId: string;
      channelId: string;
      userId: string;
      text: string;
      ts: string;
      threadTs: string;
      /** Who wrote the thread's root message (the bot, for a prompt), when Slack says. */
      parentUserId?: string;
    }
  | { kind: 'edited'; teamId: string; eventId: string; channelId: string; userId: string; text: string; ts: string }
  | { kind: 'deleted'; teamId: string; eventId: string; channelId: string; ts: string }
  | { kind: 'ignored'; why: string };

/**
 * What a person typed, from Slack's wire format: Slack sends `&`, `<` and `>` typed by people as
 * `&amp;`, `&lt;` and `&gt;` (its own markup, such as `<@U123>`, stays as it is). Stored text is
 * plain; every renderer escapes it again for its own format.
 */
export function slackPlainText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Command text: entities decoded as above, links and channel references unwrapped to what was
 * typed (`<https://x.nl|x.nl>` → `https://x.nl`, `<#C123|mt>` → `#mt`); mentions stay markup,
 * as the commands read people from them.
 */
export function slackCommandText(text: string): string {
  const unwrapped = text
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1');
  return slackPlainText(unwrapped);
}

/** Subtypes that are still a person writing in a thread. */
const HUMAN_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/** A `message` event callback body → what it means for the dialogue. */
export function parseMessageEvent(body: unknown): InboundMessage {
  const outer = envelope.safeParse(body);
  const event = messageEvent.safeParse((body as { event?: unknown } | null)?.event);
  if (!outer.success || !event.success) return { kind: 'ignored', why: 'unparsable' };
  const { team_id: teamId, event_id: eventId } = outer.data;
  const e = event.data;
  if (e.subtype === 'message_changed') {
    const m = e.message;
    if (!m || m.bot_id || !m.user || m.ts === m.thread_ts) return { kind: 'ignored', why: 'not a person edit' };
    return {
      kind: 'edited',
      teamId,
      eventId,
      channelId: e.channel,
      userId: m.user,
      text: slackPlainText(m.text),
      ts: m.ts,
    };
  }
  if (e.subtype === 'message_deleted') {
    const ts = e.deleted_ts ?? e.previous_message?.ts;
    return ts
      ? { kind: 'deleted', teamId, eventId, channelId: e.channel, ts }
      : { kind: 'ignored', why: 'no deleted ts' };
  }
  if (!HUMAN_SUBTYPES.has(e.subtype) || e.bot_id || !e.user || !e.ts) return { kind: 'ignored', why: 'not a person' };
  if (!e.thread_ts || e.thread_ts === e.ts) return { kind: 'ignored', why: 'not in a thread' };
  return {
    kind: 'thread_reply',
    teamId,
    eventId,
    channelId: e.channel,
    userId: e.user,
    text: slackPlainText(e.text),
    ts: e.ts,
    threadTs: e.thread_ts,
    ...(e.parent_user_id ? { parentUserId: e.parent_user_id } : {}),
  };
}

const memberJoined = z.object({
  team_id: z.string().min(1),
  event_id: z.string().min(1),
  event: z.object({ type: z.literal('member_joined_channel'), user: z.string(), channel: z.string() }),
});

export function parseMemberJoined(
  body: unknown,
): { teamId: string; eventId: string; userId: string; channelId: string } | null {
  const parsed = memberJoined.safeParse(body);
  if (!parsed.success) return null;
  return {
    teamId: parsed.data.team_id,
    eventId: parsed.data.event_id,
    userId: parsed.data.event.user,
    channelId: parsed.data.event.channel,
  };
}

const homeOpened = z.object({
  team_id: z.string().min(1),
  event: z.object({ type: z.literal('app_home_opened'), user: z.string(), tab: z.string().optional() }),
});

export function parseHomeOpened(body: unknown): { teamId: string; userId: string } | null {
  const parsed = homeOpened.safeParse(body);
  if (!parsed.success || (parsed.data.event.tab !== undefined && parsed.data.event.tab !== 'home')) return null;
  return { teamId: parsed.data.team_id, userId: parsed.data.event.user };
}

/** The platform message id of a Slack message: ts is unique per channel only. */
export const messageId = (channelId: string, ts: string): string => `${channelId}:${ts}`;

const interaction = z.object({
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  channel: z.object({ id: z.string() }).nullable().optional(),
  container: z.object({ channel_id: z.string().optional() }).partial().optional(),
  trigger_id: z.string().optional(),
});

/** Who clicked or submitted, and where (block_actions and view_submission bodies). */
export function parseInteraction(
  body: unknown,
): { teamId: string; userId: string; channelId: string | null; triggerId: string | null } | null {
  const parsed = interaction.safeParse(body);
  if (!parsed.success) return null;
  const teamId = parsed.data.team?.id ?? parsed.data.user.team_id;
  if (!teamId) return null;
  return {
    teamId,
    userId: parsed.data.user.id,
    channelId: parsed.data.channel?.id ?? parsed.data.container?.channel_id ?? null,
    triggerId: parsed.data.trigger_id ?? null,
  };
}

const viewState = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      value: z.string().nullable().optional(),
      selected_time: z.string().nullable().optional(),
      selected_option: z.object({ value: z.string() }).nullable().optional(),
      selected_options: z.array(z.object({ value: z.string() })).optional(),
    }),
  ),
);

export type ViewValues = z.infer<typeof viewState>;

/** The input values of a submitted modal, and what the bot stored in its private_metadata. */
export function parseViewSubmission(view: unknown): { values: ViewValues; metadata: Record<string, unknown> } | null {
  const parsed = z
    .object({ private_metadata: z.string().default('{}'), state: z.object({ values: viewState }) })
    .safeParse(view);
  if (!parsed.success) return null;
  let metadata: Record<string, unknown> = {};
  try {
    const raw: unknown = JSON.parse(parsed.data.private_metadata || '{}');
    if (raw && typeof raw === 'object') metadata = raw as Record<string, unknown>;
  } catch {
    metadata = {};
  }
  return { values: parsed.data.state.values, metadata };
}
