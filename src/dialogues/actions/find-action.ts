import type { Store } from '../ports.js';

/** `#12` or `12`: an action's short per-team number, as typed in a command. */
const NUMBER = /^#?(\d{1,9})$/;

/** One team's action with the number asked for, when several teams have one. */
export interface ActionCandidate {
  actionId: string;
  teamId: string;
  teamName: string;
}

/**
 * What an action reference means. `#12` or `12` is the action numbered 12 in `teamId` (the team of
 * the channel the command came from); without a team (a direct message, an unbound channel) it is
 * the one action with that number in the organisation, and when several teams have one it is
 * ambiguous: the candidates, sorted by team name, let the person pick one by its id. Anything else
 * is taken as an action id and returned as it is (the update then says when no action has it).
 */
export type ActionRef =
  | { ok: true; actionId: string }
  | { ok: false; code: 'action.number_unknown'; number: number; inTeam: boolean }
  | { ok: false; code: 'action.number_ambiguous'; number: number; candidates: ActionCandidate[] };

export async function resolveActionRef(
  store: Pick<Store, 'actions' | 'teams'>,
  organisationId: string,
  ref: string,
  teamId: string | null,
): Promise<ActionRef> {
  const match = NUMBER.exec(ref.trim());
  if (!match) return { ok: true, actionId: ref };
  const number = Number(match[1]);
  const candidates =
    teamId === null ? await store.actions.list(organisationId) : await store.actions.listByTeam(organisationId, teamId);
  const found = candidates.filter((a) => a.number === number);
  if (found.length === 1 && found[0]) return { ok: true, actionId: found[0].id };
  if (found.length === 0) return { ok: false, code: 'action.number_unknown', number, inTeam: teamId !== null };
  const teams = new Map((await store.teams.list(organisationId)).map((team) => [team.id, team.name]));
  return {
    ok: false,
    code: 'action.number_ambiguous',
    number,
    candidates: found
      .map((a) => ({ actionId: a.id, teamId: a.teamId, teamName: teams.get(a.teamId) ?? a.teamId }))
      .sort((a, b) => a.teamName.localeCompare(b.teamName, 'nl', { numeric: true })),
  };
}
