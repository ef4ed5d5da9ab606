import { z } from 'zod';

/**
 * Teams activities parsed at the edge into what the handlers need. Anything that does not fit
 * is `ignored`, never half-read.
 */
const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });
const base = z.object({
  id: z.string().optional(),
  type: z.string(),
  serviceUrl: z.string().min(1),
  channelId: z.string().optional(),
  from: account,
  recipient: account,
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string() }).optional(),
      team: z.object({ id: z.string(), name: z.string().optional() }).optional(),
      channel: z.object({ id: z.string(), name: z.string().optional() }).optional(),
      eventType: z.string().optional(),
    })
    .passthrough()
    .optional(),
  locale: z.string().optional(),
});

export type TeamsUser = { id: string; name: string; aadObjectId: string | null };

/** Where an activity happened. `channelId` is the channel's conversation id without `;messageid=`. */
export interface TeamsPlace {
  tenantId: string;
  serviceUrl: string;
  kind: 'personal' | 'channel' | 'groupChat';
  /** The conversation as sent (in a channel thread it carries `;messageid=<root>`). */
  conversationId: string;
  /** The conversation to post new threads to: the channel, or the chat itself. */
  baseConversationId: string;
  /** The root post of the thread this activity is in; null outside a channel thread. */
  threadRootId: string | null;
  channelName: string;
  teamName: string | null;
  bot: TeamsUser;
}

export type TeamsEvent =
  | { kind: 'installed'; place: TeamsPlace; user: TeamsUser; activityId: string }
  | {
      kind: 'message';
      place: TeamsPlace;
      user: TeamsUser;
      activityId: string;
      text: string;
      commandText: string;
      mentionsBot: boolean;
      locale: string | null;
    }
  | {
      kind: 'submit';
      place: TeamsPlace;
      user: TeamsUser;
      activityId: string;
      data: Record<string, unknown>;
      replyToId: string | null;
    }
  | {
      kind: 'execute';
      place: TeamsPlace;
      user: TeamsUser;
      activityId: string;
      verb: string;
      data: Record<string, unknown>;
      replyToId: string | null;
    }
  /**
   * A message edited (`messageUpdate` / `editMessage`) or restored after a deletion
   * (`undeleteMessage`, `restored`); `activityId` is the message's id, `version` tells edits apart.
   */
  | {
      kind: 'edited';
      place: TeamsPlace;
      user: TeamsUser;
      activityId: string;
      text: string;
      version: string;
      restored?: boolean;
    }
  /** A message deleted (`messageDelete` / `softDeleteMessage`); `activityId` is the deleted message's id. */
  | { kind: 'deleted'; place: TeamsPlace; user: TeamsUser; activityId: string }
  | { kind: 'ignored'; reason: string };

const MESSAGE_ID = /;messageid=(\d+)$/;

/** The tenant an activity names, before anything else is read: the gate for TEAMS_ALLOWED_TENANTS. */
export function tenantOf(body: unknown): string | null {
  const parsed = z
    .object({
      conversation: z.object({ tenantId: z.string().optional() }).optional(),
      channelData: z.object({ tenant: z.object({ id: z.string() }).optional() }).optional(),
    })
    .safeParse(body);
  if (!parsed.success) return null;
  return parsed.data.channelData?.tenant?.id ?? parsed.data.conversation?.tenantId ?? null;
}

export function parseActivity(raw: unknown, fallbackTenant: string | null): TeamsEvent {
  const parsed = base.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: 'not a Teams activity' };
  const a = parsed.data;
  const tenantId = a.channelData?.tenant?.id ?? a.conversation.tenantId ?? fallbackTenant;
  if (!tenantId) return { kind: 'ignored', reason: 'no tenant' };
  const conversationId = a.conversation.id;
  const type = a.conversation.conversationType;
  const kind =
    type === 'personal'
      ? 'personal'
      : type === 'channel' || a.channelData?.channel
        ? 'channel'
        : type === 'groupChat'
          ? 'groupChat'
          : 'personal';
  const root = MESSAGE_ID.exec(conversationId);
  const place: TeamsPlace = {
    tenantId,
    serviceUrl: a.serviceUrl,
    kind,
    conversationId,
    baseConversationId: root ? conversationId.slice(0, root.index) : conversationId,
    threadRootId: kind === 'channel' && root ? (root[1] ?? null) : null,
    channelName: a.channelData?.channel?.name ?? (kind === 'channel' ? 'General' : kind),
    teamName: a.channelData?.team?.name ?? null,
    bot: user(a.recipient),
  };
  const who = user(a.from);
  const activityId = a.id ?? '';
  const r = raw as Record<string, unknown>;
  switch (a.type) {
    case 'conversationUpdate': {
      const added = z.array(account).safeParse(r.membersAdded);
      if (added.success && added.data.some((m) => m.id === a.recipient.id))
        return { kind: 'installed', place, user: who, activityId };
      return { kind: 'ignored', reason: 'conversationUpdate without the bot added' };
    }
    case 'installationUpdate':
      return r.action === 'add' || r.action === 'add-upgrade'
        ? { kind: 'installed', place, user: who, activityId }
        : { kind: 'ignored', reason: `installationUpdate ${String(r.action)}` };
    case 'message': {
      const value = z.record(z.string(), z.unknown()).safeParse(r.value);
      const replyToId = typeof r.replyToId === 'string' ? r.replyToId : null;
      if (value.success && (typeof r.text !== 'string' || r.text.trim() === ''))
        return { kind: 'submit', place, user: who, activityId, data: value.data, replyToId };
      if (typeof r.text !== 'string') return { kind: 'ignored', reason: 'message without text' };
      const { text, mentionsBot } = withoutBotMention(r.text, r.entities, a.recipient.id);
      const commandText = withoutBotMention(r.text, r.entities, a.recipient.id, { keepMentions: true }).text;
      return {
        kind: 'message',
        place,
        user: who,
        activityId,
        text,
        commandText,
        mentionsBot,
        locale: a.locale ?? null,
      };
    }
    // TeamsActivityHandler dispatches these on channelData.eventType; an undelete is honoured like an edit.
    case 'messageUpdate': {
      const eventType = a.channelData?.eventType;
      if (eventType !== 'editMessage' && eventType !== 'undeleteMessage')
        return { kind: 'ignored', reason: `messageUpdate ${String(eventType)}` };
      if (typeof r.text !== 'string' || !activityId) return { kind: 'ignored', reason: 'messageUpdate without text' };
      const { text } = withoutBotMention(r.text, r.entities, a.recipient.id);
      const version = typeof r.timestamp === 'string' ? r.timestamp : '';
      const restored = eventType === 'undeleteMessage' ? { restored: true } : {};
      return { kind: 'edited', place, user: who, activityId, text, version, ...restored };
    }
    case 'messageDelete':
      if (a.channelData?.eventType !== 'softDeleteMessage')
        return { kind: 'ignored', reason: `messageDelete ${String(a.channelData?.eventType)}` };
      if (!activityId) return { kind: 'ignored', reason: 'messageDelete without an id' };
      return { kind: 'deleted', place, user: who, activityId };
    case 'invoke': {
      if (r.name !== 'adaptiveCard/action') return { kind: 'ignored', reason: `invoke ${String(r.name)}` };
      const action = z
        .object({
          action: z.object({
            type: z.string(),
            verb: z.string().default(''),
            data: z.record(z.string(), z.unknown()).default({}),
          }),
        })
        .safeParse(r.value);
      if (!action.success) return { kind: 'ignored', reason: 'adaptiveCard/action without an action' };
      return {
        kind: 'execute',
        place,
        user: who,
        activityId,
        verb: action.data.action.verb,
        data: action.data.action.data,
        replyToId: typeof r.replyToId === 'string' ? r.replyToId : null,
      };
    }
    default:
      return { kind: 'ignored', reason: `activity type ${a.type}` };
  }
}

function user(raw: z.infer<typeof account>): TeamsUser {
  return { id: raw.id, name: raw.name ?? '', aadObjectId: raw.aadObjectId ?? null };
}

const mention = z.object({
  type: z.literal('mention'),
  mentioned: z.object({ id: z.string(), name: z.string().optional() }),
  text: z.string().optional(),
});

/** Marks a person's mention while the HTML is stripped; no one types U+E000. */
const HOLE = '\uE000';

/**
 * The message text without the bot's `<at>…</at>` mention, and whether the bot was mentioned.
 * Teams sends mentions as HTML-ish text (`<at>Vijf Vragen</at> koppel …`) plus an entity per mention;
 * other HTML Teams adds (`<p>`, `&nbsp;`) is reduced to plain text. With `keepMentions` (for
 * commands such as `rol @Anouk leider`) every other person's mention becomes `<@id|name>`, the
 * form the command parser reads, with a name Teams split over several `<at>` tags joined again.
 */
export function withoutBotMention(
  text: string,
  entities: unknown,
  botId: string,
  options: { keepMentions?: boolean } = {},
): { text: string; mentionsBot: boolean } {
  let out = text.replaceAll(HOLE, '');
  let mentionsBot = false;
  const people: { id: string; name: string }[] = [];
  for (const entity of Array.isArray(entities) ? entities : []) {
    const m = mention.safeParse(entity);
    if (!m.success) continue;
    if (m.data.mentioned.id !== botId) {
      if (options.keepMentions && m.data.text)
        out = out
          .split(m.data.text)
          .join(`${HOLE}${people.push({ id: m.data.mentioned.id, name: m.data.mentioned.name ?? '' }) - 1}${HOLE}`);
      continue;
    }
    mentionsBot = true;
    if (m.data.text) out = out.split(m.data.text).join(' ');
  }
  out = out.replace(/<at>[^<]*<\/at>/g, (tag) => (mentionsBot ? ' ' : tag));
  out = out
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  // A typed `<@…>` arrives escaped and is unescaped above: it must not pass for a mention.
  if (options.keepMentions) out = restoreMentions(out.replaceAll('<@', '<\u200B@'), people);
  return { text: out.trim(), mentionsBot };
}

function restoreMentions(text: string, people: { id: string; name: string }[]): string {
  const hole = new RegExp(`${HOLE}(\\d+)${HOLE}((?:\\s*${HOLE}\\d+${HOLE})*)`, 'g');
  return text.replace(hole, (_all, first: string, more: string) => {
    const ids = [
      Number(first),
      ...[...more.matchAll(new RegExp(`${HOLE}(\\d+)${HOLE}`, 'g'))].map((m) => Number(m[1])),
    ];
    // Consecutive mentions of one person are one mention; of different people, each its own.
    const groups: { id: string; names: string[] }[] = [];
    for (const person of ids.map((i) => people[i]).filter((p) => p !== undefined)) {
      const last = groups.at(-1);
      if (last && last.id === person.id) last.names.push(person.name);
      else groups.push({ id: person.id, names: [person.name] });
    }
    // Each split part's entity may carry the full name: say it once.
    return groups.map((g) => `<@${g.id}|${[...new Set(g.names)].join(' ').replace(/[<>|]/g, '').trim()}>`).join(' ');
  });
}
