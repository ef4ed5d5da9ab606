import type { RoleGrant, School, Team } from '../model.js';
import type { Store } from '../ports.js';

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

/** The person's scope with the teams and schools it covers. */
export async function resolveScope(store: Store, organisationId: string, personId: string, options: { membersToo: boolean }): Promise<{ scope: ReaderScope; teams: Team[]; schools: School[] }> {
  const scope = readerScope(await store.people.roles(organisationId, personId), options);
  const teams = (await store.teams.list(organisationId)).filter((team) => teamVisible(scope, team));
  const schools = (await store.schools.list(organisationId)).filter((school) => schoolVisible(scope, school, teams));
  return { scope, teams, schools };
}
