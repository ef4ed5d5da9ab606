import type { Reply, RoleGrant } from '../model.js';

/** How many people hold a member role in each team. */
export function memberCounts(memberGrants: readonly RoleGrant[]): Map<string, number> {
  const people = new Map<string, Set<string>>();
  for (const grant of memberGrants) {
    if (grant.role !== 'member' || grant.scope.kind !== 'team') continue;
    const set = people.get(grant.scope.teamId) ?? new Set<string>();
    set.add(grant.personId);
    people.set(grant.scope.teamId, set);
  }
  return new Map([...people].map(([teamId, set]) => [teamId, set.size]));
}

export interface Participation {
  /** null when fewer than the minimum group size took part or the team is that small. */
  participants: number | null;
  responseRate: number | null;
  smallGroup: boolean;
}

/** Who took part in one round (guests not counted), held back when the group is too small to show. */
export function participation(replies: readonly Reply[], members: number, minGroupSize: number): Participation {
  return participationOf(
    new Set(replies.filter((r) => r.source !== 'guest' && r.deletedAt === null).map((r) => r.authorToken)).size,
    members,
    minGroupSize,
  );
}

/** The same from a participant count the store has counted (`dashboardReads.latestRounds`). */
export function participationOf(took: number, members: number, minGroupSize: number): Participation {
  const smallGroup = took < minGroupSize || members < minGroupSize;
  if (smallGroup) return { participants: null, responseRate: null, smallGroup };
  return {
    participants: took,
    responseRate: members === 0 ? null : Math.min(100, Math.round((took / members) * 100)),
    smallGroup,
  };
}
