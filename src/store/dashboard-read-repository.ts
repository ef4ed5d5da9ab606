import { sql } from 'kysely';
import type { DashboardReadRepository } from '../dialogues/dashboard-reads.js';
import { toReply } from './reply-repository.js';
import type { Executor } from './sql-helpers.js';

/**
 * The dashboard's grouped reads on SQL: one statement per call, whatever the number of teams or
 * rounds, each scoped to one organisation.
 */
export function dashboardReadRepository(db: Executor): DashboardReadRepository {
  return {
    async latestRounds(organisationId, teamIds) {
      if (teamIds.length === 0) return [];
      // Per team one probe of rounds_team_opened_idx for its newest round, then that round's
      // replies through replies_round_idx: the work grows with the teams shown, not with history.
      const rows = await db
        .selectFrom('teams as t')
        .crossJoinLateral((eb) =>
          eb
            .selectFrom('rounds as r')
            .select(['r.id', 'r.opened_at'])
            .where('r.organisation_id', '=', organisationId)
            .whereRef('r.team_id', '=', 't.id')
            .orderBy('r.opened_at', 'desc')
            .orderBy('r.id', 'desc')
            .limit(1)
            .as('last'),
        )
        .crossJoinLateral((eb) =>
          eb
            .selectFrom('replies as rep')
            .whereRef('rep.round_id', '=', 'last.id')
            .where('rep.organisation_id', '=', organisationId)
            .where('rep.deleted_at', 'is', null)
            .select(
              sql<number>`(count(distinct rep.author_token) filter (where rep.source <> 'guest'))::int`.as(
                'participants',
              ),
            )
            .as('took'),
        )
        .select(['t.id as team_id', 'last.id as round_id', 'last.opened_at', 'took.participants'])
        .where('t.organisation_id', '=', organisationId)
        .where('t.id', 'in', teamIds)
        .execute();
      return rows.map((row) => ({
        teamId: row.team_id,
        roundId: row.round_id,
        openedAt: row.opened_at,
        participants: row.participants,
      }));
    },

    async repliesOfRounds(organisationId, roundIds) {
      if (roundIds.length === 0) return [];
      const rows = await db
        .selectFrom('replies')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('round_id', 'in', roundIds)
        .where('deleted_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toReply);
    },
  };
}
