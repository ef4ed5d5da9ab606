import type { DigestReadRepository, TimeRange } from '../../src/dialogues/digest/digest-reads.js';
import type { Aspect, Reply, Round } from '../../src/dialogues/model.js';
import type { QuestionKey } from '../../src/dialogues/questions.js';
import { text } from './memory-helpers.js';
import type { MemoryState } from './memory-store.js';

const WEEK_MS = 7 * 86_400_000;
const within = (at: Date, range: TimeRange) =>
  at.getTime() >= range.from.getTime() && at.getTime() < range.to.getTime();

/** The digest's aggregate reads over the memory store's tables, with the SQL store's semantics. */
export function memoryDigestReads(s: () => MemoryState): { digestReads: DigestReadRepository } {
  /** Rounds of these teams opened in the range, as `rounds.list` orders them (newest first). */
  const roundsIn = (organisationId: string, teamIds: readonly string[], range: TimeRange): Round[] =>
    [...s().rounds.values()]
      .filter((r) => r.organisationId === organisationId && teamIds.includes(r.teamId) && within(r.openedAt, range))
      .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime() || text(b.id, a.id));
  /** Live replies of one round, oldest first. */
  const repliesOf = (organisationId: string, roundId: string): Reply[] =>
    [...s().replies.values()]
      .filter((r) => r.organisationId === organisationId && r.roundId === roundId && r.deletedAt === null)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || text(a.id, b.id));
  const participants = (replies: readonly Reply[]) =>
    new Set(replies.filter((r) => r.source !== 'guest').map((r) => r.authorToken)).size;
  const nameOf = (organisationId: string, personId: string | null) => {
    const person = personId === null ? undefined : s().people.get(personId);
    return person?.organisationId === organisationId ? person.displayName : null;
  };
  const actionsOf = (organisationId: string, teamIds: readonly string[]) =>
    [...s().actions.values()]
      .filter((a) => a.organisationId === organisationId && teamIds.includes(a.teamId))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || text(a.id, b.id));

  return {
    digestReads: {
      async memberCounts(organisationId, teamIds) {
        const people = new Map<string, Set<string>>();
        for (const grant of s().grants.values()) {
          if (
            grant.organisationId !== organisationId ||
            grant.role !== 'member' ||
            grant.scope.kind !== 'team' ||
            !teamIds.includes(grant.scope.teamId)
          )
            continue;
          people.set(grant.scope.teamId, (people.get(grant.scope.teamId) ?? new Set()).add(grant.personId));
        }
        return [...people].map(([teamId, set]) => ({ teamId, count: set.size }));
      },

      async roundParticipation(organisationId, teamIds, range) {
        return roundsIn(organisationId, teamIds, range).map((r) => ({
          roundId: r.id,
          teamId: r.teamId,
          openedAt: new Date(r.openedAt),
          anonymous: r.anonymous,
          participants: participants(repliesOf(organisationId, r.id)),
        }));
      },

      async lastRounds(organisationId, teamIds, before) {
        const last = new Map<string, number>();
        for (const r of roundsIn(organisationId, teamIds, { from: new Date(-8.64e15), to: before }))
          last.set(r.teamId, Math.max(last.get(r.teamId) ?? 0, r.openedAt.getTime()));
        return [...last].map(([teamId, at]) => ({ teamId, openedAt: new Date(at) }));
      },

      async roundHistory(organisationId, teamIds, range) {
        const byTeam = new Map<string, Round[]>();
        for (const r of roundsIn(organisationId, teamIds, range))
          byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), r]);
        return [...byTeam].map(([teamId, rounds]) => {
          const replies = rounds.flatMap((r) => repliesOf(organisationId, r.id));
          return {
            teamId,
            rounds: rounds.length,
            linkedRounds: rounds.filter((r) => r.metricKeys.length > 0).length,
            aspects: [...new Set<Aspect>(rounds.map((r) => r.aspect))],
            weeksAgo: [
              ...new Set(rounds.map((r) => Math.floor((range.to.getTime() - r.openedAt.getTime()) / WEEK_MS))),
            ],
            answeredKeys: [...new Set(replies.flatMap((r) => (r.questionKey ? [r.questionKey] : [])))],
            guestViews: replies.filter((r) => r.source === 'guest' && r.questionKey === 'outside_view').length,
          };
        });
      },

      async roundHistories(organisationId, teamIds, ranges) {
        return Promise.all(ranges.map((range) => this.roundHistory(organisationId, teamIds, range)));
      },

      async questionAnswers(organisationId, teamIds, range, latest) {
        const answered = roundsIn(organisationId, teamIds, range).flatMap((round) =>
          repliesOf(organisationId, round.id).map((reply) => ({ round, reply })),
        );
        const keys = [...new Set(answered.flatMap((a) => (a.reply.questionKey ? [a.reply.questionKey] : [])))].sort(
          text,
        );
        return keys.map((key: QuestionKey) => {
          // A stable sort keeps rounds in list order, and each round's replies oldest first.
          const mine = answered
            .filter((a) => a.reply.questionKey === key)
            .sort((a, b) => b.reply.createdAt.getTime() - a.reply.createdAt.getTime());
          return {
            key,
            answers: mine.length,
            latest: mine.slice(0, latest).map(({ round, reply }) => ({
              text: reply.text,
              roundId: round.id,
              teamId: round.teamId,
              authorName: nameOf(organisationId, reply.authorPersonId),
            })),
          };
        });
      },

      async actionCounts(organisationId, teamIds, today) {
        const counts = new Map<
          string,
          { teamId: string; total: number; followed: number; overdue: number; closed: number }
        >();
        for (const a of actionsOf(organisationId, teamIds)) {
          const row = counts.get(a.teamId) ?? { teamId: a.teamId, total: 0, followed: 0, overdue: 0, closed: 0 };
          row.total += 1;
          if (a.ownerPersonId !== null && a.dueOn !== null) row.followed += 1;
          if ((a.status === 'open' || a.status === 'in_progress') && a.dueOn !== null && a.dueOn < today)
            row.overdue += 1;
          if (a.status === 'done') row.closed += 1;
          counts.set(a.teamId, row);
        }
        return [...counts.values()];
      },

      async weekActions(organisationId, teamIds, range, dueBy) {
        return actionsOf(organisationId, teamIds)
          .filter(
            (a) =>
              within(a.createdAt, range) ||
              within(a.updatedAt, range) ||
              ((a.status === 'open' || a.status === 'in_progress') && a.dueOn !== null && a.dueOn <= dueBy),
          )
          .map((a) => ({
            id: a.id,
            teamId: a.teamId,
            number: a.number,
            title: a.title,
            status: a.status,
            dueOn: a.dueOn,
            createdAt: new Date(a.createdAt),
            updatedAt: new Date(a.updatedAt),
            ownerName: nameOf(organisationId, a.ownerPersonId),
          }));
      },
    },
  };
}
