import type { Role, RoleGrant, Team } from './model.js';
import type { Store } from './ports.js';
import { fail, ok, type Result } from './result.js';

/** Where a permission is asked for: the whole organisation, one school, or one team. */
export type AccessContext =
  { kind: 'organisation' } | { kind: 'school'; schoolId: string } | { kind: 'team'; teamId: string; schoolId: string };

export function teamContext(team: Pick<Team, 'id' | 'schoolId'>): AccessContext {
  return { kind: 'team', teamId: team.id, schoolId: team.schoolId };
}

/** Whether one grant covers a context: an organisation grant covers everything, a school grant its teams. */
export function covers(grant: RoleGrant, context: AccessContext): boolean {
  const scope = grant.scope;
  if (scope.kind === 'organisation') return true;
  if (scope.kind === 'school') return context.kind !== 'organisation' && context.schoolId === scope.schoolId;
  return context.kind === 'team' && context.teamId === scope.teamId;
}

/** Whether any of `roles` is held for `context`. Pass several roles for "any of". */
export function holds(grants: readonly RoleGrant[], roles: Role | readonly Role[], context: AccessContext): boolean {
  const wanted: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  return grants.some((grant) => wanted.includes(grant.role) && covers(grant, context));
}

/** What each command needs. Members answer; coordinators configure and trigger; leaders read digests. */
export const NEEDS = {
  answer: ['member', 'coordinator', 'leader'],
  configure: ['coordinator'],
  trigger: ['coordinator'],
  readDigest: ['leader', 'coordinator'],
  readDashboard: ['leader', 'coordinator', 'member'],
} as const satisfies Record<string, readonly Role[]>;

export type Need = keyof typeof NEEDS;

/** Checks a person's grants for a need; a refusal names the first role that would do. */
export async function authorize(
  store: Store,
  organisationId: string,
  personId: string,
  need: Need,
  context: AccessContext,
): Promise<Result<RoleGrant[]>> {
  return permits(await store.people.roles(organisationId, personId), need, context);
}

/** `authorize` for grants read already (the answer path reads them with the round). */
export function permits(grants: RoleGrant[], need: Need, context: AccessContext): Result<RoleGrant[]> {
  if (holds(grants, NEEDS[need], context)) return ok(grants);
  return fail('permission.denied', { role: NEEDS[need][0] });
}
