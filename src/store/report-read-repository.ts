import { sql } from 'kysely';
import type { Aspect, ActionStatus } from '../dialogues/model.js';
import { QUESTION_KEYS, type QuestionKey } from '../dialogues/questions.js';
import type { ReportReadRepository } from '../dialogues/report/report-reads.js';
import type { Executor } from './sql-helpers.js';

/**
 * The report's reads on SQL: each one statement, grouped in the database and scoped to one
 * organisation and a list of teams. A year of a large board is some 100,000 rounds, so rounds
 * and their live replies are joined once (a hash join) rather than round by round.
 */
export function reportReadRepository(db: Executor): ReportReadRepository {
  const rounds = (organisationId: string, teamIds: readonly string[], from: Date, to: Date) =>
    db
      .selectFrom('rounds as r')
      .where('r.organisation_id', '=', organisationId)
      .where('r.team_id', 'in', teamIds)
      .where('r.opened_at', '>=', from)
      .where('r.opened_at', '<', to);

  return {
    async teamDialogue(organisationId, teamIds, range) {
      if (teamIds.length === 0) return [];
      // One pass over the year's replies: per round its participants and answers per question, then per team.
      const perKey = (key: QuestionKey) => sql<number>`count(rep.id) filter (where rep.question_key = ${key})`.as(key);
      const perRound = rounds(organisationId, teamIds, range.from, range.to)
        .leftJoin('replies as rep', (join) =>
          join
            .onRef('rep.round_id', '=', 'r.id')
            .on('rep.organisation_id', '=', organisationId)
            .on('rep.deleted_at', 'is', null),
        )
        .select([
          'r.id',
          'r.team_id',
          sql<number>`count(distinct rep.author_token) filter (where rep.source <> 'guest')`.as('participants'),
        ])
        .select(QUESTION_KEYS.map(perKey))
        .groupBy(['r.id', 'r.team_id']);
      const rows = await db
        .selectFrom(perRound.as('pr'))
        .select([
          'pr.team_id',
          sql<number>`count(*)::int`.as('rounds'),
          sql<number>`sum(pr.participants)::int`.as('participant_rounds'),
          sql<number>`min(pr.participants)::int`.as('fewest'),
        ])
        .select(QUESTION_KEYS.map((key) => sql<number>`sum(${sql.ref(`pr.${key}`)})::int`.as(key)))
        .groupBy('pr.team_id')
        .execute();
      return rows.map((row) => {
        const counts = row as unknown as Record<QuestionKey, number>;
        const answers = Object.fromEntries(
          QUESTION_KEYS.flatMap((key) => (counts[key] > 0 ? [[key, counts[key]]] : [])),
        );
        return {
          teamId: row.team_id,
          rounds: row.rounds,
          participantRounds: row.participant_rounds,
          fewest: row.fewest,
          answers,
        };
      });
    },

    async aspectCounts(organisationId, teamIds, range) {
      if (teamIds.length === 0) return [];
      const rows = await rounds(organisationId, teamIds, range.from, range.to)
        .select([
          'r.aspect',
          sql<number>`count(*)::int`.as('rounds'),
          sql<number>`count(distinct r.team_id)::int`.as('teams'),
        ])
        .groupBy('r.aspect')
        .execute();
      return rows.map((row) => ({ aspect: row.aspect as Aspect, rounds: row.rounds, teams: row.teams }));
    },

    async highlights(organisationId, teamIds, range) {
      if (teamIds.length === 0) return [];
      const rows = await rounds(organisationId, teamIds, range.from, range.to)
        .innerJoin('replies as rep', (join) =>
          join
            .onRef('rep.round_id', '=', 'r.id')
            .on('rep.organisation_id', '=', organisationId)
            .on('rep.deleted_at', 'is', null),
        )
        .innerJoin('report_highlights as h', (join) =>
          join.onRef('h.reply_id', '=', 'rep.id').on('h.organisation_id', '=', organisationId),
        )
        .where('rep.question_key', 'is not', null)
        .select([
          'rep.id',
          'rep.question_key',
          'rep.text',
          'r.id as round_id',
          'r.team_id',
          'r.theme',
          'r.opened_at',
          'rep.created_at',
        ])
        .select((eb) =>
          eb
            .selectFrom('replies as each')
            .select(sql<number>`(count(distinct each.author_token) filter (where each.source <> 'guest'))::int`.as('n'))
            .whereRef('each.round_id', '=', 'r.id')
            .where('each.organisation_id', '=', organisationId)
            .where('each.deleted_at', 'is', null)
            .as('participants'),
        )
        .orderBy('r.opened_at')
        .orderBy('rep.created_at')
        .orderBy('rep.id')
        .execute();
      return rows.map((row) => ({
        replyId: row.id,
        questionKey: row.question_key as QuestionKey,
        text: row.text,
        roundId: row.round_id,
        teamId: row.team_id,
        theme: row.theme,
        openedAt: row.opened_at,
        participants: row.participants ?? 0,
      }));
    },

    async actions(organisationId, teamIds, range) {
      if (teamIds.length === 0) return [];
      const rows = await db
        .selectFrom('actions as a')
        .leftJoin('people as p', (join) =>
          join.onRef('p.id', '=', 'a.owner_person_id').on('p.organisation_id', '=', organisationId),
        )
        .leftJoin('rounds as r', (join) =>
          join.onRef('r.id', '=', 'a.round_id').on('r.organisation_id', '=', organisationId),
        )
        .select([
          'a.id',
          'a.team_id',
          'a.title',
          'a.status',
          'a.due_on',
          'a.created_at',
          'p.display_name',
          'r.metric_keys',
        ])
        .where('a.organisation_id', '=', organisationId)
        .where('a.team_id', 'in', teamIds)
        .where('a.created_at', '<', range.to)
        .where((eb) =>
          eb.or([
            eb('a.created_at', '>=', range.from),
            eb('a.updated_at', '>=', range.from),
            eb('a.status', 'in', ['open', 'in_progress']),
          ]),
        )
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        teamId: row.team_id,
        title: row.title,
        status: row.status as ActionStatus,
        dueOn: row.due_on,
        ownerName: row.display_name,
        createdAt: row.created_at,
        metricKeys: row.metric_keys ?? [],
      }));
    },

    async outsideViews(organisationId, teamIds, range) {
      if (teamIds.length === 0) return [];
      // Guests answer only in rounds they were invited to: start from those few rounds, not from every reply.
      const invited = db
        .selectFrom('guest_invitations')
        .select('round_id')
        .distinct()
        .where('organisation_id', '=', organisationId);
      const rows = await rounds(organisationId, teamIds, range.from, range.to)
        .innerJoin(invited.as('gi'), 'gi.round_id', 'r.id')
        .innerJoin('replies as rep', (join) =>
          join
            .onRef('rep.round_id', '=', 'r.id')
            .on('rep.organisation_id', '=', organisationId)
            .on('rep.deleted_at', 'is', null),
        )
        .where('rep.source', '=', 'guest')
        .where('rep.question_key', '=', 'outside_view')
        .select(['r.id', 'r.team_id', 'r.theme', 'r.opened_at', 'rep.text', 'rep.author_token', 'rep.created_at'])
        .select((eb) =>
          eb
            .selectFrom('guest_invitations as g')
            .select(
              sql<
                { id: string; name: string }[]
              >`coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name) order by g.created_at), '[]'::jsonb)`.as(
                'list',
              ),
            )
            .whereRef('g.round_id', '=', 'r.id')
            .where('g.organisation_id', '=', organisationId)
            .as('invitations'),
        )
        .orderBy('r.opened_at')
        .orderBy('rep.created_at')
        .execute();
      return rows.map((row) => ({
        roundId: row.id,
        teamId: row.team_id,
        theme: row.theme,
        openedAt: row.opened_at,
        text: row.text,
        authorToken: row.author_token,
        invitations: row.invitations ?? [],
      }));
    },
  };
}
