import { sql } from 'kysely';
import type { DigestReadRepository } from '../dialogues/digest/digest-reads.js';
import type { ActionStatus } from '../dialogues/model.js';
import type { Executor } from './sql-helpers.js';

/** The digest's action reads on SQL: counts per team, and the few actions a week's digest lists. */
export function digestActionReads(db: Executor): Pick<DigestReadRepository, 'actionCounts' | 'weekActions'> {
  return {
    async actionCounts(organisationId, teamIds, today) {
      if (teamIds.length === 0) return [];
      const rows = await db
        .selectFrom('actions')
        .select([
          'team_id',
          sql<number>`count(*)::int`.as('total'),
          sql<number>`(count(*) filter (where owner_person_id is not null and due_on is not null))::int`.as('followed'),
          sql<number>`(count(*) filter (where status in ('open', 'in_progress') and due_on < ${today}))::int`.as(
            'overdue',
          ),
          sql<number>`(count(*) filter (where status = 'done'))::int`.as('closed'),
        ])
        .where('organisation_id', '=', organisationId)
        .where('team_id', 'in', teamIds)
        .groupBy('team_id')
        .execute();
      return rows.map((row) => ({
        teamId: row.team_id,
        total: row.total,
        followed: row.followed,
        overdue: row.overdue,
        closed: row.closed,
      }));
    },

    async weekActions(organisationId, teamIds, range, dueBy) {
      if (teamIds.length === 0) return [];
      const rows = await db
        .selectFrom('actions as a')
        .leftJoin('people as p', (join) =>
          join.onRef('p.id', '=', 'a.owner_person_id').on('p.organisation_id', '=', organisationId),
        )
        .select([
          'a.id',
          'a.team_id',
          'a.title',
          'a.number',
          'a.status',
          'a.due_on',
          'a.created_at',
          'a.updated_at',
          'p.display_name',
        ])
        .where('a.organisation_id', '=', organisationId)
        .where('a.team_id', 'in', teamIds)
        .where((eb) =>
          eb.or([
            eb.and([eb('a.created_at', '>=', range.from), eb('a.created_at', '<', range.to)]),
            eb.and([eb('a.updated_at', '>=', range.from), eb('a.updated_at', '<', range.to)]),
            eb.and([eb('a.status', 'in', ['open', 'in_progress']), eb('a.due_on', '<=', dueBy)]),
          ]),
        )
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        teamId: row.team_id,
        title: row.title,
        number: row.number,
        status: row.status as ActionStatus,
        dueOn: row.due_on,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        ownerName: row.display_name,
      }));
    },
  };
}
