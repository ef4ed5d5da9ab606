import { authorToken } from '../author-token.js';
import type { DialogueDeps } from '../deps.js';
import type { Round } from '../model.js';
import type { Authorship, Store } from '../ports.js';
import { fail, ok, type Result } from '../result.js';

/**
 * Personal data is managed by the organisation's coordinators, or by the operator from the
 * command line (`actorPersonId` null). The same rule as granting roles: a school or team
 * coordinator must not read or erase people of the whole board.
 */
export async function mayManagePersonalData(
  store: Store,
  organisationId: string,
  actorPersonId: string | null,
): Promise<Result<void>> {
  if (actorPersonId === null) return ok(undefined);
  const grants = await store.people.roles(organisationId, actorPersonId);
  if (grants.some((g) => g.role === 'coordinator' && g.scope.kind === 'organisation')) return ok(undefined);
  return fail('permission.denied', { role: 'coordinator' });
}

/**
 * Everything that marks a person as an author. Anonymous replies keep no author, only the HMAC
 * of (round, person) under the token secret, so the token of every round is computed here: the
 * database alone cannot tell which anonymous answers are theirs, and that is the point.
 */
export async function authorshipOf(
  deps: Pick<DialogueDeps, 'tokenSecret'>,
  store: Store,
  organisationId: string,
  personId: string,
): Promise<{ authorship: Authorship; rounds: Round[] }> {
  const rounds = await store.rounds.list(organisationId);
  const authorTokens = rounds.map((round) => authorToken(deps.tokenSecret, round.id, personId));
  return { authorship: { personId, authorTokens }, rounds };
}
