import { MAX_TITLE_CHARS } from '../../dialogues/limits.js';
import { isDigestChannel, parseDigestChannel, parseRole, type AdminCommand } from './parse-admin.js';
import { parseFollowUp, type FollowUpCommand } from './parse-follow-up.js';

/**
 * A chat command, parsed from the text after `/vijfvragen` (Slack) or after the bot's mention
 * (Teams). Dutch and English words mean the same command.
 */
export type Command =
  | { name: 'help' }
  | { name: 'link'; team: string }
  | { name: 'round'; theme: string; confirmed?: boolean }
  | { name: 'schedule'; action: 'list' | 'add' | 'pause' | 'resume' | 'remove'; id: string | null }
  | { name: 'actions' }
  | { name: 'digest' }
  | { name: 'dashboard' }
  /** `organisatie naam <naam>`: a coordinator renames the organisation; null name shows the usage. */
  | { name: 'organisation_name'; newName: string | null }
  | FollowUpCommand
  | AdminCommand
  | { name: 'unknown'; input: string }
  | { name: 'too_long' };

const WORDS: Record<
  string,
  | Exclude<Command['name'], 'unknown' | 'too_long' | FollowUpCommand['name'] | AdminCommand['name']>
  | 'figure'
  | 'guest'
  | 'role'
  | 'roles'
> = {
  help: 'help',
  hulp: 'help',
  '?': 'help',
  koppel: 'link',
  link: 'link',
  bind: 'link',
  ronde: 'round',
  round: 'round',
  schema: 'schedule',
  schedule: 'schedule',
  schemas: 'schedule',
  schedules: 'schedule',
  acties: 'actions',
  actions: 'actions',
  actie: 'actions',
  action: 'actions',
  digest: 'digest',
  overzicht: 'digest',
  dashboard: 'dashboard',
  cijfer: 'figure',
  figure: 'figure',
  opbrengst: 'figure',
  meekijker: 'guest',
  meekijken: 'guest',
  guest: 'guest',
  rol: 'role',
  role: 'role',
  rollen: 'roles',
  roles: 'roles',
  organisatie: 'organisation_name',
  organisation: 'organisation_name',
  organization: 'organisation_name',
};

const NAME_WORDS = new Set(['naam', 'name', 'hernoem', 'rename']);

const SCHEDULE_WORDS: Record<string, 'list' | 'add' | 'pause' | 'resume' | 'remove'> = {
  lijst: 'list',
  list: 'list',
  toon: 'list',
  show: 'list',
  nieuw: 'add',
  toevoegen: 'add',
  add: 'add',
  new: 'add',
  pauzeer: 'pause',
  pause: 'pause',
  hervat: 'resume',
  resume: 'resume',
  verwijder: 'remove',
  remove: 'remove',
  delete: 'remove',
};

const SECOND_ROUND_WORDS = new Set(['toch', 'tweede', 'anyway', 'second']);

/** The longest command text read; anything longer is refused rather than cut. */
export const MAX_COMMAND_CHARS = 500;

export function parseCommand(raw: string): Command {
  if (raw.length > MAX_COMMAND_CHARS) return { name: 'too_long' };
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text === '') return { name: 'help' };
  const [first = '', ...rest] = text.split(' ');
  const name = WORDS[first.toLowerCase()];
  const argument = rest.join(' ').trim();
  switch (name) {
    case undefined:
      return { name: 'unknown', input: text };
    case 'link':
      // Without a team name it is still `koppel`: the reply says what is missing, not "unknown command".
      return { name: 'link', team: argument };
    case 'round': {
      // "ronde toch <thema>": the coordinator's yes to a second open round in the team.
      const [flag = '', ...theme] = argument.split(' ');
      const confirmed = SECOND_ROUND_WORDS.has(flag.toLowerCase());
      const chosen = confirmed ? theme.join(' ') : argument;
      if (chosen.length > MAX_TITLE_CHARS) return { name: 'too_long' };
      return confirmed ? { name: 'round', theme: chosen, confirmed } : { name: 'round', theme: chosen };
    }
    case 'schedule': {
      const [sub = 'list', id = null] = argument === '' ? [] : argument.split(' ');
      const action = SCHEDULE_WORDS[sub.toLowerCase()];
      if (!action) return { name: 'unknown', input: text };
      if ((action === 'pause' || action === 'resume' || action === 'remove') && !id)
        return { name: 'unknown', input: text };
      return { name: 'schedule', action, id };
    }
    case 'actions':
    case 'figure':
    case 'guest':
      return parseFollowUp(name, argument);
    case 'role':
      return parseRole(argument);
    case 'roles':
      return argument === '' ? { name: 'roles' } : { name: 'unknown', input: text };
    case 'organisation_name': {
      const [word = '', ...rest] = argument.split(' ');
      const newName = NAME_WORDS.has(word.toLowerCase()) ? rest.join(' ').trim() : '';
      return { name: 'organisation_name', newName: newName === '' ? null : newName };
    }
    case 'digest':
      // `digest kanaal …` chooses a channel; `digest` alone (or with anything else) is the preview, as before.
      return isDigestChannel(argument)
        ? parseDigestChannel(argument.split(' ').slice(1).join(' '))
        : { name: 'digest' };
    default:
      return { name };
  }
}
