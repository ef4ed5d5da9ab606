/**
 * Chat commands of the follow-up features: a single outcome figure, an action's owner, due date
 * or status, and outside reviewers. Dutch and English words mean the same.
 */
export type FollowUpCommand =
  | { name: 'figure'; metric: string; value: string; subject: string | null; period: string | null }
  | { name: 'action'; id: string; field: 'owner' | 'due' | 'status'; value: string }
  | { name: 'guest'; action: 'invite'; roundId: string; guestName: string }
  | { name: 'guest'; action: 'revoke'; id: string }
  | { name: 'follow_up_usage'; topic: 'figure' | 'action' | 'guest' };

const ACTION_FIELDS: Record<string, 'owner' | 'due' | 'status'> = {
  eigenaar: 'owner',
  owner: 'owner',
  trekker: 'owner',
  deadline: 'due',
  due: 'due',
  datum: 'due',
  uiterlijk: 'due',
  status: 'status',
};
/** `actie <id> klaar` is short for `actie <id> status klaar`. */
const STATUS_SHORTCUTS = new Set(['open', 'bezig', 'klaar', 'afgerond', 'vervallen', 'in_progress', 'done', 'dropped']);
const REVOKE_WORDS = new Set(['intrekken', 'trek', 'revoke', 'remove', 'verwijder']);
/** A period at the end of `cijfer …`: 2025, 2024-2025, 2025-06, 2025-T2. */
const PERIOD = /^\d{4}(?:[-/][0-9A-Za-z]{1,4})?$/;

export function parseFollowUp(
  name: 'actions' | 'figure' | 'guest',
  argument: string,
): FollowUpCommand | { name: 'actions' } {
  const words = argument === '' ? [] : argument.split(' ');
  switch (name) {
    case 'actions': {
      if (words.length === 0) return { name: 'actions' };
      const [id = '', second = '', ...rest] = words;
      const field = ACTION_FIELDS[second.toLowerCase()];
      if (field && rest.length > 0) return { name: 'action', id, field, value: rest.join(' ') };
      if (!field && rest.length === 0 && STATUS_SHORTCUTS.has(second.toLowerCase()))
        return { name: 'action', id, field: 'status', value: second };
      return { name: 'follow_up_usage', topic: 'action' };
    }
    case 'figure': {
      const [metric, value, ...rest] = words;
      if (metric === undefined || value === undefined) return { name: 'follow_up_usage', topic: 'figure' };
      const last = rest.at(-1);
      const period = last !== undefined && PERIOD.test(last) ? last : null;
      const subject = (period === null ? rest : rest.slice(0, -1)).join(' ').trim();
      return { name: 'figure', metric, value, subject: subject === '' ? null : subject, period };
    }
    case 'guest': {
      const [first = '', ...rest] = words;
      if (REVOKE_WORDS.has(first.toLowerCase())) {
        return rest.length === 1 && rest[0]
          ? { name: 'guest', action: 'revoke', id: rest[0] }
          : { name: 'follow_up_usage', topic: 'guest' };
      }
      const guestName = rest.join(' ').trim();
      return first !== '' && guestName !== ''
        ? { name: 'guest', action: 'invite', roundId: first, guestName }
        : { name: 'follow_up_usage', topic: 'guest' };
    }
  }
}
