import type { DashboardReadRepository } from '../../src/dialogues/dashboard-reads.js';
import type { Reply } from '../../src/dialogues/model.js';
import { text } from './memory-helpers.js';
import type { MemoryState } from './memory-store.js';

/** The dashboard's grouped reads over the memory store's tables, with the SQL store's semantics. */
export function memoryDashboardReads(s: () => MemoryState): { dashboardReads: DashboardReadRepository } {
  const liveReplies = (organisationId: string, roundIds: ReadonlySet<string>): Reply[] =>
    [...s().replies.values()]
      .filter((r) => r.organisationId === organisationId && roundIds.has(r.roundId) && r.deletedAt === null)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || text(a.id, b.id));

  return {
    dashboardReads: {
      async latestRounds(organisationId, teamIds) {
        const newest = new Map<string, { id: string; openedAt: Date }>();
        for (const round of s().rounds.values()) {
          if (round.organisationId !== organisationId || !teamIds.includes(round.teamId)) continue;
          const known = newest.get(round.teamId);
          if (
            !known ||
            round.openedAt.getTime() > known.openedAt.getTime() ||
            (round.openedAt.getTime() === known.openedAt.getTime() && text(round.id, known.id) > 0)
          ) {
            newest.set(round.teamId, { id: round.id, openedAt: round.openedAt });
          }
        }
        return [...newest].map(([teamId, round]) => ({
          teamId,
          roundId: round.id,
          openedAt: new Date(round.openedAt),
          participants: new Set(
            liveReplies(organisationId, new Set([round.id]))
              .filter((r) => r.source !== 'guest')
              .map((r) => r.authorToken),
          ).size,
        }));
      },

      async repliesOfRounds(organisationId, roundIds) {
        return structuredClone(liveReplies(organisationId, new Set(roundIds)));
      },
    },
  };
}
