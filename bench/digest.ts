import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createDigestService } from '../src/services/digest-service.js';
import { chartPng } from '../src/bot/charts/lazy-chart.js';
import { isoWeekOf, weekBounds } from '../src/dialogues/digest/iso-week.js';
import { createLogger } from '../src/logger.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import type { Database } from '../src/store/schema.js';
import { createSqlStore } from '../src/store/sql-store.js';
import { cronCheck } from '../src/scheduler/occurrences.js';

export type DigestFigures =
  | { available: false; reason: string }
  | {
      available: true;
      board: string;
      seconds: number;
      baselineSeconds: number;
      peakRssMb: number;
      rssBeforeMb: number;
      digests: number;
      seedSeconds: number;
    };

export interface DigestBenchOptions {
  databaseUrl: string;
  quick: boolean;
}

export const ORG = 'org-bench-digest';
const WEEKS = 52;
export const NOW = new Date('2026-11-23T09:00:00Z');

/**
 * Seeds the board with set-based SQL (generate_series): schools × 20 teams × 10 members, one
 * round per team per week for a year, and some 0.6 answers per member per round.
 */
export async function seedBoard(db: Kysely<Database>, schools: number): Promise<void> {
  const created = new Date(NOW.getTime() - (WEEKS + 2) * 7 * 86_400_000);
  await sql`insert into organisations (id, name, locale, time_zone, retention_days, created_at) values (${ORG}, 'Stichting Groot', 'nl', 'Europe/Amsterdam', null, ${created})`.execute(
    db,
  );
  await sql`insert into schools (id, organisation_id, name) select 's' || s, ${ORG}, 'School ' || s from generate_series(1, ${schools}) s`.execute(
    db,
  );
  await sql`insert into teams (id, organisation_id, school_id, name) select 's' || s || 't' || t, ${ORG}, 's' || s, 'Team ' || t from generate_series(1, ${schools}) s, generate_series(1, 20) t`.execute(
    db,
  );
  await sql`insert into people (id, organisation_id, display_name, locale, email, created_at)
    select 's' || s || 't' || t || 'p' || p, ${ORG}, 'Leraar ' || s || '-' || t || '-' || p, 'nl', null, ${created} from generate_series(1, ${schools}) s, generate_series(1, 20) t, generate_series(1, 10) p`.execute(
    db,
  );
  await sql`insert into role_grants (person_id, organisation_id, role, scope_kind, scope_id)
    select 's' || s || 't' || t || 'p' || p, ${ORG}, 'member', 'team', 's' || s || 't' || t from generate_series(1, ${schools}) s, generate_series(1, 20) t, generate_series(1, 10) p`.execute(
    db,
  );
  await sql`insert into people (id, organisation_id, display_name, locale, email, created_at) values ('leader', ${ORG}, 'Bestuurder', 'nl', null, ${created})`.execute(
    db,
  );
  await sql`insert into role_grants (person_id, organisation_id, role, scope_kind, scope_id) values ('leader', ${ORG}, 'leader', 'organisation', '')`.execute(
    db,
  );
  await sql`insert into people (id, organisation_id, display_name, locale, email, created_at) select 'dir' || s, ${ORG}, 'Directeur ' || s, 'nl', null, ${created} from generate_series(1, ${schools}) s`.execute(
    db,
  );
  await sql`insert into role_grants (person_id, organisation_id, role, scope_kind, scope_id) select 'dir' || s, ${ORG}, 'leader', 'school', 's' || s from generate_series(1, ${schools}) s`.execute(
    db,
  );
  const questions = JSON.stringify(
    ['right_things', 'done_well', 'evidence', 'outside_view', 'next_steps'].map((key) => ({ key })),
  );
  await sql`insert into rounds (id, organisation_id, team_id, template_id, schedule_id, occurrence_at, trigger, triggered_by, theme, aspect, questions, metric_keys, anonymous, status, opened_at, closes_at, remind_at, reminded_at, closed_at)
    select 'r' || tm.id || 'w' || w, ${ORG}, tm.id, null, null, null, 'ad_hoc', null, 'begrijpend lezen', 'kwaliteitszorg', ${questions}::jsonb, '[]'::jsonb, false,
      case when w = 0 then 'open' else 'closed' end,
      ${NOW}::timestamptz - (w * interval '7 days') - interval '1 hour', ${NOW}::timestamptz - (w * interval '7 days') + interval '3 days', null, null,
      case when w = 0 then null else ${NOW}::timestamptz - (w * interval '7 days') + interval '3 days' end
    from teams tm, generate_series(0, ${WEEKS - 1}) w where tm.organisation_id = ${ORG}`.execute(db);
  // About a third of the members answer a round (hashtext % 10 in 0..5 of -9..9), each about two
  // of the five questions (3 in 8): some 0.6 answers per member per round, 700,000 for the full board.
  await sql`insert into replies (id, organisation_id, round_id, question_key, author_person_id, author_token, text, source, platform, platform_message_id, created_at, edited_at, deleted_at)
    select r.id || 'p' || p || 'q' || q, ${ORG}, r.id, (array['right_things','done_well','evidence','outside_view','next_steps'])[q], r.team_id || 'p' || p, md5(r.id || r.team_id || 'p' || p),
      'Antwoord van leraar ' || p || ' op vraag ' || q, 'form', 'web', null, r.opened_at + interval '2 hours', null, null
    from rounds r, generate_series(1, 10) p, generate_series(1, 5) q
    where r.organisation_id = ${ORG} and hashtext(r.id || p) % 10 between 0 and 5 and (hashtext(r.id || p || q) & 7) < 3`.execute(
    db,
  );
  await sql`analyze`.execute(db);
}

/** The digest's core figures for one week as one hand-written query: per team, rounds, participants, members and answers per question. */
async function sqlAggregation(db: Kysely<Database>, from: Date, to: Date): Promise<number> {
  const rows = await sql<{ team_id: string }>`
    with week_rounds as (
      select id, team_id from rounds where organisation_id = ${ORG} and opened_at >= ${from} and opened_at < ${to}
    ), answers as (
      select wr.team_id, count(distinct wr.id) as rounds, count(distinct rep.author_token) as participants,
        count(*) filter (where rep.question_key = 'right_things') as right_things, count(*) filter (where rep.question_key = 'done_well') as done_well,
        count(*) filter (where rep.question_key = 'evidence') as evidence, count(*) filter (where rep.question_key = 'outside_view') as outside_view,
        count(*) filter (where rep.question_key = 'next_steps') as next_steps
      from week_rounds wr left join replies rep on rep.round_id = wr.id and rep.deleted_at is null
      group by wr.team_id
    ), members as (
      select scope_id as team_id, count(*) as members from role_grants
      where organisation_id = ${ORG} and role = 'member' and scope_kind = 'team' group by scope_id
    )
    select t.school_id, t.id as team_id, a.rounds, a.participants, a.right_things, a.done_well, a.evidence, a.outside_view, a.next_steps, m.members
    from teams t left join answers a on a.team_id = t.id left join members m on m.team_id = t.id
    where t.organisation_id = ${ORG}`.execute(db);
  return rows.rows.length;
}

/**
 * (c) Weekly digests of a large board (100 schools × 20 teams × 10 members, a year of weekly
 * rounds; `--quick`: 10 schools) on PostgreSQL: last week's digest of the board leader and of
 * ten school leaders, timed and with peak memory, against one hand-written SQL
 * aggregation of the core figures, run once per digest. Peak memory is this process's RSS
 * (the bench itself included; the RSS before the digests is printed beside it).
 */
export async function benchDigest(options: DigestBenchOptions): Promise<DigestFigures> {
  const schools = options.quick ? 10 : 100;
  const handle = await openDatabase({ databaseUrl: options.databaseUrl });
  try {
    await migrateToLatest(handle.db);
    const seedStarted = performance.now();
    await seedBoard(handle.db, schools);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const store = createSqlStore(handle.db);
    const deps = {
      store,
      clock: { now: () => NOW },
      newId: randomUUID,
      tokenSecret: 'bench-digest-secret-bench-digest-secret',
      cron: cronCheck,
      log: createLogger('error'),
    };
    const service = createDigestService(
      deps,
      {
        publicUrl: 'https://vijfvragen.example',
        tokenSecret: deps.tokenSecret,
        minGroupSize: 3,
        digestAt: { weekday: 1, hour: 7, minute: 30 },
      },
      chartPng,
    );
    const week = isoWeekOf(new Date(NOW.getTime() - 7 * 86_400_000), 'Europe/Amsterdam');
    // The board leader and ten school leaders: every school leader's digest reads the same rounds.
    const readers = ['leader', ...Array.from({ length: Math.min(10, schools) }, (_, i) => `dir${i + 1}`)];

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    let digests = 0;
    for (const reader of readers) {
      const built = await service.build(ORG, reader, week);
      if (!built.ok) throw new Error(`bench: digest for ${reader}: ${built.code}`);
      digests += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const bounds = weekBounds(week, 'Europe/Amsterdam');
    const baselineStarted = performance.now();
    // The same readers, each answered from one aggregation (the school leaders' share is a filter of it).
    for (let i = 0; i < readers.length; i += 1) await sqlAggregation(handle.db, bounds.start, bounds.end);
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    return {
      available: true,
      board: `${schools} schools × 20 teams × 10 members, ${WEEKS} weeks`,
      seconds,
      baselineSeconds,
      peakRssMb: peak / 2 ** 20,
      rssBeforeMb: rssBefore / 2 ** 20,
      digests,
      seedSeconds,
    };
  } finally {
    await handle.close();
  }
}
