import { sql } from 'kysely';
import type {
  DigestReadRepository,
  QuestionAnswers,
  TeamRoundHistory,
  TimeRange,
} from '../dialogues/digest/digest-reads.js';
import type { Aspect } from '../dialogues/model.js';
import type { QuestionKey } from '../dialogues/questions.js';
import { digestActionReads } from './digest-action-reads.js';
import type { Executor } from './sql-helpers.js';

/** Up to this many rounds, their replies are read round by round through the index on `replies.round_id`. */
const FEW_ROUNDS = 5000;

/**
 * The digest's aggregate reads on SQL: every query is grouped in the database and scoped to one
 * organisation and a list of teams, so what comes back is one row per team, round or question,
 * never the replies themselves (apart from the few quoted ones).
 */
export function digestReadRepository(db: Executor): DigestReadRepository {
  /** Rounds of these teams opened in [from, to). */
  const rounds = (organisationId: string, teamIds: readonly string[], from: Date, to: Date) =>
    db
      .selectFrom('rounds as r')
      .where('r.organisation_id', '=', organisationId)
      .where('r.team_id', 'in', teamIds)
      .where('r.opened_at', '>=', from)
      .where('r.opened_at', '<', to);
  /** One round's live replies (`r` is the round of the outer query), for a lateral join. */
  const liveRepliesOfRound = (organisationId: string) =>
    db
      .selectFrom('replies as rep')
      .where('rep.round_id', '=', sql.ref<string>('r.id'))
      .where('rep.organisation_id', '=', organisationId)
      .where('rep.deleted_at', 'is', null);
  return {
    async memberCounts(organisationId, teamIds) {
      if (teamIds.length === 0) return [];
      const rows = await db
        .selectFrom('role_grants')
        .select(['scope_id', sql<number>`count(distinct person_id)::int`.as('count')])
        .where('organisation_id', '=', organisationId)
        .where('role', '=', 'member')
        .where('scope_kind', '=', 'team')
        .where('scope_id', 'in', teamIds)
        .groupBy('scope_id')
        .execute();
      return rows.map((row) => ({ teamId: row.scope_id, count: row.count }));
    },

    async roundParticipation(organisationId, teamIds, range) {
      if (teamIds.length === 0) return [];
      // Per round through the replies index: a week's rounds are few, their replies a sliver of the table.
      const rows = await rounds(organisationId, teamIds, range.from, range.to)
        .crossJoinLateral(
          liveRepliesOfRound(organisationId)
            .select(
              sql<number>`(count(distinct rep.author_token) filter (where rep.source <> 'guest'))::int`.as(
                'participants',
              ),
            )
            .as('took'),
        )
        .select(['r.id', 'r.team_id', 'r.opened_at', 'r.anonymous', 'took.participants'])
        .orderBy('r.opened_at', 'desc')
        .orderBy('r.id', 'desc')
        .execute();
      return rows.map((row) => ({
        roundId: row.id,
        teamId: row.team_id,
        openedAt: row.opened_at,
        anonymous: row.anonymous,
        participants: row.participants,
      }));
    },

    async lastRounds(organisationId, teamIds, before) {
      if (teamIds.length === 0) return [];
      // One index probe per team (rounds_team_opened_idx) rather than a scan of a year of rounds.
      const rows = await db
        .selectFrom('teams as t')
        .select((eb) => [
          't.id',
          eb
            .selectFrom('rounds as r')
            .select(sql<Date | null>`max(r.opened_at)`.as('last'))
            .where('r.organisation_id', '=', organisationId)
            .whereRef('r.team_id', '=', 't.id')
            .where('r.opened_at', '<', before)
            .as('opened_at'),
        ])
        .where('t.organisation_id', '=', organisationId)
        .where('t.id', 'in', teamIds)
        .execute();
      return rows.flatMap((row) =>
        row.opened_at === null ? [] : [{ teamId: row.id, openedAt: new Date(row.opened_at) }],
      );
    },

    async roundHistory(organisationId, teamIds, range) {
      return (await roundHistoriesOf(db, organisationId, teamIds, [range]))[0] ?? [];
    },

    roundHistories: (organisationId, teamIds, ranges) => roundHistoriesOf(db, organisationId, teamIds, ranges),

    async questionAnswers(organisationId, teamIds, range, latest) {
      if (teamIds.length === 0) return [];
      const counts = await rounds(organisationId, teamIds, range.from, range.to)
        .crossJoinLateral(
          liveRepliesOfRound(organisationId)
            .where('rep.question_key', 'is not', null)
            .select(['rep.question_key', sql<number>`count(*)::int`.as('answers')])
            .groupBy('rep.question_key')
            .as('a'),
        )
        .select(['a.question_key', sql<number>`sum(a.answers)::int`.as('answers')])
        .groupBy('a.question_key')
        .execute();
      // Each round's newest `latest` per question, then the newest of those over all rounds.
      const candidates = rounds(organisationId, teamIds, range.from, range.to)
        .crossJoinLateral((eb) =>
          eb
            .selectFrom(
              liveRepliesOfRound(organisationId)
                .where('rep.question_key', 'is not', null)
                .select(['rep.id', 'rep.question_key', 'rep.text', 'rep.author_person_id', 'rep.created_at'])
                .select(
                  sql<number>`row_number() over (partition by rep.question_key order by rep.created_at desc, rep.id)`.as(
                    'place',
                  ),
                )
                .as('w'),
            )
            .selectAll('w')
            .where('w.place', '<=', latest)
            .as('c'),
        )
        .select(['c.question_key', 'c.text', 'c.author_person_id', 'r.id as round_id', 'r.team_id'])
        .select(
          sql<number>`row_number() over (partition by c.question_key order by c.created_at desc, r.opened_at desc, r.id desc, c.id)`.as(
            'place',
          ),
        );
      const quoted = await db
        .selectFrom(candidates.as('q'))
        .leftJoin('people as p', (join) =>
          join.onRef('p.id', '=', 'q.author_person_id').on('p.organisation_id', '=', organisationId),
        )
        .select(['q.question_key', 'q.text', 'q.round_id', 'q.team_id', 'p.display_name'])
        .where('q.place', '<=', latest)
        .orderBy('q.question_key')
        .orderBy('q.place')
        .execute();
      return counts.map((row): QuestionAnswers => ({
        key: row.question_key as QuestionKey,
        answers: row.answers,
        latest: quoted
          .filter((q) => q.question_key === row.question_key)
          .map((q) => ({ text: q.text, roundId: q.round_id, teamId: q.team_id, authorName: q.display_name })),
      }));
    },
    ...digestActionReads(db),
  };
}

type ReplyRow = { idx: number; team_id: string; question_key: string; guests: number };

async function roundHistoriesOf(
  db: Executor,
  organisationId: string,
  teamIds: readonly string[],
  ranges: readonly TimeRange[],
): Promise<TeamRoundHistory[][]> {
  if (teamIds.length === 0 || ranges.length === 0) return ranges.map(() => []);
  // Every range at once, grouped by range: the report's four quarter ends read the rounds and
  // their replies in one pass each instead of four.
  const windows = sql.join(
    ranges.map((range, i) => sql`(${i}::int, ${range.from}::timestamptz, ${range.to}::timestamptz)`),
  );
  const roundsInWindows = sql`
        from w join rounds r
          on r.organisation_id = ${organisationId}
         and r.team_id in (${sql.join(teamIds)})
         and r.opened_at >= w.from_at and r.opened_at < w.to_at`;
  const held = await sql<{
    idx: number;
    team_id: string;
    rounds: number;
    linked: number;
    aspects: Aspect[];
    weeks_ago: number[];
  }>`
        with w(idx, from_at, to_at) as (values ${windows})
        select w.idx, r.team_id, count(*)::int as rounds,
          (count(*) filter (where jsonb_array_length(r.metric_keys) > 0))::int as linked,
          jsonb_agg(distinct r.aspect) as aspects,
          jsonb_agg(distinct floor(extract(epoch from (w.to_at - r.opened_at)) / 604800)::int) as weeks_ago
        ${roundsInWindows}
        group by w.idx, r.team_id`.execute(db);
  // Per range, team and question. A few thousand rounds are read round by round through the
  // replies index; more, and one hash join over the replies is cheaper (as the planner then picks).
  const heldRounds = held.rows.reduce((sum, row) => sum + row.rounds, 0);
  const replies =
    heldRounds === 0
      ? []
      : (
          await (
            heldRounds <= FEW_ROUNDS
              ? sql<ReplyRow>`
                    with w(idx, from_at, to_at) as (values ${windows})
                    select w.idx, r.team_id, a.question_key, sum(a.guests)::int as guests
                    ${roundsInWindows}
                    cross join lateral (
                      select rep.question_key, count(*) filter (where rep.source = 'guest') as guests
                      from replies rep
                      where rep.round_id = r.id and rep.organisation_id = ${organisationId}
                        and rep.deleted_at is null and rep.question_key is not null
                      group by rep.question_key) a
                    group by w.idx, r.team_id, a.question_key`
              : sql<ReplyRow>`
                    with w(idx, from_at, to_at) as (values ${windows})
                    select w.idx, r.team_id, rep.question_key, (count(*) filter (where rep.source = 'guest'))::int as guests
                    ${roundsInWindows}
                    join replies rep
                      on rep.round_id = r.id and rep.organisation_id = ${organisationId}
                     and rep.deleted_at is null and rep.question_key is not null
                    group by w.idx, r.team_id, rep.question_key`
          ).execute(db)
        ).rows;
  const key = (idx: number, teamId: string) => `${idx}:${teamId}`;
  const answeredKeys = new Map<string, QuestionKey[]>();
  const guestViews = new Map<string, number>();
  for (const row of replies) {
    const k = key(row.idx, row.team_id);
    answeredKeys.set(k, [...(answeredKeys.get(k) ?? []), row.question_key as QuestionKey]);
    if (row.question_key === 'outside_view') guestViews.set(k, row.guests);
  }
  const lists: TeamRoundHistory[][] = ranges.map(() => []);
  for (const row of held.rows)
    lists[row.idx]?.push({
      teamId: row.team_id,
      rounds: row.rounds,
      linkedRounds: row.linked,
      aspects: row.aspects,
      weeksAgo: row.weeks_ago,
      answeredKeys: answeredKeys.get(key(row.idx, row.team_id)) ?? [],
      guestViews: guestViews.get(key(row.idx, row.team_id)) ?? 0,
    });
  return lists;
}
