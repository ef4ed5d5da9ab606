import type { RoleGrant, School, Team } from '../model.js';

/**
 * What a person may see on the digest and the dashboard, from their role grants: leaders and
 * coordinators of the organisation see everything, of a school that school; members see the teams
 * they belong to. A leader of school A never sees school B.
 */
export type ReaderScope =
  | { kind: 'organisation' }
  | { kind: 'schools'; schoolIds: string[] }
  | { kind: 'teams'; teamIds: string[] }
  | { kind: 'none' };

export function readerScope(grants: readonly RoleGrant[], options: { membersToo: boolean }): ReaderScope {
  const overseers = grants.filter((g) => g.role === 'leader' || g.role === 'coordinator');
  if (overseers.some((g) => g.scope.kind === 'organisation')) return { kind: 'organisation' };
  const schoolIds = [...new Set(overseers.flatMap((g) => (g.scope.kind === 'school' ? [g.scope.schoolId] : [])))];
  if (schoolIds.length > 0) return { kind: 'schools', schoolIds };
  const teamGrants = options.membersToo ? grants : overseers;
  const teamIds = [...new Set(teamGrants.flatMap((g) => (g.scope.kind === 'team' ? [g.scope.teamId] : [])))];
  return teamIds.length > 0 ? { kind: 'teams', teamIds } : { kind: 'none' };
}

export function schoolVisible(scope: ReaderScope, school: Pick<School, 'id'>, teams: readonly Team[]): boolean {
  if (scope.kind === 'organisation') return true;
  if (scope.kind === 'schools') return scope.schoolIds.includes(school.id);
  if (scope.kind === 'teams') return teams.some((t) => t.schoolId === school.id && scope.teamIds.includes(t.id));
  return false;
}

export function teamVisible(scope: ReaderScope, team: Pick<Team, 'id' | 'schoolId'>): boolean {
  if (scope.kind === 'organisation') return true;
  if (scope.kind === 'schools') return scope.schoolIds.includes(team.schoolId);
  if (scope.kind === 'teams') return scope.teamIds.includes(team.id);
  return false;
}

/**
 * The reads `resolveScope` needs: a slice of the Store port, written out so this file (which the
 * message types import) does not import the port and close a loop.
 */
export interface ScopeReads {
  people: { roles(organisationId: string, personId: string): Promise<RoleGrant[]> };
  teams: { list(organisationId: string): Promise<Team[]> };
  schools: { list(organisationId: string): Promise<School[]> };
}

/** The person's scope with the teams and schools it covers. */
export async function resolveScope(
  store: ScopeReads,
  organisationId: string,
  personId: string,
  options: { membersToo: boolean },
): Promise<{ scope: ReaderScope; teams: Team[]; schools: School[] }> {
  const scope = readerScope(await store.people.roles(organisationId, personId), options);
  const teams = (await store.teams.list(organisationId)).filter((team) => teamVisible(scope, team));
  const schools = (await store.schools.list(organisationId)).filter((school) => schoolVisible(scope, school, teams));
  return { scope, teams, schools };
}

/**
 * Whether a person may read one team's conversation (its channel page on the web, its rounds):
 * the dashboard's rule, members included, so no view shows a team the dashboard answers 404 for.
 */
export async function teamReadable(
  store: Pick<ScopeReads, 'people'>,
  organisationId: string,
  personId: string,
  team: Pick<Team, 'id' | 'schoolId'>,
): Promise<boolean> {
  return teamVisible(readerScope(await store.people.roles(organisationId, personId), { membersToo: true }), team);
}
