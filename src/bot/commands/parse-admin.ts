import type { Role } from '../../dialogues/model.js';

/** Someone named in a command: a platform mention (`<@U123>`, `<@U123|anouk>`) or a display name or id. */
export type PersonRef = { kind: 'mention'; userId: string; name: string | null } | { kind: 'name'; name: string };

/** Where a role applies. `organisatie` may name the organisation, which must be the speaker's own. */
export type ScopeRef =
  { kind: 'organisation'; name: string | null } | { kind: 'school'; name: string } | { kind: 'team'; name: string };

export interface DayTime {
  weekday: number;
  hour: number;
  minute: number;
}

/**
 * Chat commands for coordinators: granting and revoking roles, listing them, and choosing the
 * channel a weekly digest is posted in. Dutch and English words mean the same.
 */
export type AdminCommand =
  | { name: 'role'; action: 'grant' | 'revoke'; person: PersonRef; role: Role; scope: ScopeRef }
  | { name: 'roles' }
  | { name: 'digest_channel'; action: 'on'; schoolName: string | null; at: DayTime | null }
  | { name: 'digest_channel'; action: 'off'; schoolName: string | null }
  | { name: 'admin_usage'; topic: 'role' | 'digest_channel' };

const ROLE_WORDS: Record<string, Role> = {
  lid: 'member',
  teamlid: 'member',
  member: 'member',
  coördinator: 'coordinator',
  coordinator: 'coordinator',
  leider: 'leader',
  leidinggevende: 'leader',
  leader: 'leader',
};
const SCOPE_WORDS: Record<string, ScopeRef['kind']> = {
  team: 'team',
  school: 'school',
  organisatie: 'organisation',
  organisation: 'organisation',
  organization: 'organisation',
};
const GRANT_WORDS = new Set(['geef', 'toekennen', 'grant', 'add']);
const REVOKE_WORDS = new Set(['intrekken', 'trek', 'revoke', 'remove', 'verwijder']);
const CHANNEL_WORDS = new Set(['kanaal', 'channel']);
const OFF_WORDS = new Set(['uit', 'off', 'stop']);
/** ISO weekday (1 = Monday) by Dutch and English day names, short and long. */
const DAYS: Record<string, number> = {
  ma: 1,
  maandag: 1,
  mon: 1,
  monday: 1,
  di: 2,
  dinsdag: 2,
  tue: 2,
  tuesday: 2,
  wo: 3,
  woensdag: 3,
  wed: 3,
  wednesday: 3,
  do: 4,
  donderdag: 4,
  thu: 4,
  thursday: 4,
  vr: 5,
  vrijdag: 5,
  fri: 5,
  friday: 5,
  za: 6,
  zaterdag: 6,
  sat: 6,
  saturday: 6,
  zo: 7,
  zondag: 7,
  sun: 7,
  sunday: 7,
};
const MENTION = /^<@([^|>\s]+)(?:\|([^>]*))?>$/;
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** Words, keeping a mention with spaces in its name (`<@29:1abc|Anouk de Vries>`) as one. */
export function words(text: string): string[] {
  return text.match(/<@[^>]*>|\S+/g) ?? [];
}

/**
 * `rol [intrekken] <persoon> <rol> [team|school|organisatie <naam>]`. The person's name may have
 * several words; it ends at the first role word that is followed by nothing or by a scope.
 */
export function parseRole(argument: string): AdminCommand {
  const usage = { name: 'admin_usage', topic: 'role' } as const;
  let rest = words(argument);
  let action: 'grant' | 'revoke' = 'grant';
  const first = rest[0]?.toLowerCase() ?? '';
  if (REVOKE_WORDS.has(first)) action = 'revoke';
  if (REVOKE_WORDS.has(first) || GRANT_WORDS.has(first)) rest = rest.slice(1);
  for (let i = 1; i < rest.length; i += 1) {
    const role = ROLE_WORDS[rest[i]?.toLowerCase() ?? ''];
    if (!role) continue;
    const scope = parseScope(rest.slice(i + 1));
    if (!scope) continue;
    const person = parsePerson(rest.slice(0, i));
    return person ? { name: 'role', action, person, role, scope } : usage;
  }
  return usage;
}

function parseScope(tail: string[]): ScopeRef | null {
  if (tail.length === 0) return { kind: 'organisation', name: null };
  const kind = SCOPE_WORDS[tail[0]?.toLowerCase() ?? ''];
  const name = tail.slice(1).join(' ').trim();
  if (kind === 'organisation') return { kind, name: name === '' ? null : name };
  return kind && name !== '' ? { kind, name } : null;
}

function parsePerson(parts: string[]): PersonRef | null {
  const mention = parts.length === 1 ? MENTION.exec(parts[0] ?? '') : null;
  if (mention?.[1]) return { kind: 'mention', userId: mention[1], name: mention[2]?.trim() || null };
  const name = parts.join(' ').replace(/^@/, '').trim();
  return name === '' || name.includes('<@') ? null : { kind: 'name', name };
}

/** `digest kanaal [uit] [school <naam>] [<dag> <uu:mm>]`; the words after `digest kanaal`. */
export function parseDigestChannel(argument: string): AdminCommand {
  const usage = { name: 'admin_usage', topic: 'digest_channel' } as const;
  let rest = words(argument);
  const off = OFF_WORDS.has(rest[0]?.toLowerCase() ?? '');
  if (off) rest = rest.slice(1);
  let at: DayTime | null = null;
  const day = DAYS[rest.at(-2)?.toLowerCase() ?? ''];
  const time = TIME.exec(rest.at(-1) ?? '');
  if (day && time) {
    at = { weekday: day, hour: Number(time[1]), minute: Number(time[2]) };
    rest = rest.slice(0, -2);
  }
  const scope = parseScope(rest);
  // Only one's own organisation or one of its schools; naming the organisation adds nothing here.
  if (!scope || scope.kind === 'team' || (scope.kind === 'organisation' && scope.name !== null) || (off && at))
    return usage;
  const schoolName = scope.kind === 'school' ? scope.name : null;
  return off
    ? { name: 'digest_channel', action: 'off', schoolName }
    : { name: 'digest_channel', action: 'on', schoolName, at };
}

/** Whether `digest <argument>` asks for the channel form rather than the preview. */
export function isDigestChannel(argument: string): boolean {
  return CHANNEL_WORDS.has(words(argument)[0]?.toLowerCase() ?? '');
}
