import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { schoolYearPeriod } from '../src/dialogues/report/school-year.js';
import { createLogger } from '../src/logger.js';
import { createReportService } from '../src/report/report-service.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createReportPorts } from '../src/store/report-ports.js';
import type { Database } from '../src/store/schema.js';
import { createSqlStore } from '../src/store/sql-store.js';
import { NOW, ORG, seedBoard } from './digest.js';
import { cronCheck } from '../src/scheduler/occurrences.js';

export interface ReportFigures {
  board: string;
  reportSeconds: number;
  baselineSeconds: number;
  pdfSeconds: number;
  pdfPages: number;
  peakRssMb: number;
  rssBeforeMb: number;
  rounds: number;
}

const YEAR = '2025-2026';

/** The report's core figures as one hand-written query: per team its rounds, participants summed over them, and answers per question; members per team. */
async function sqlCoreFigures(db: Kysely<Database>, from: Date, to: Date): Promise<number> {
  const rows = await sql<{ team_id: string }>`
    with year_rounds as (
      select id, team_id, aspect from rounds where organisation_id = ${ORG} and opened_at >= ${from} and opened_at < ${to}
    ), per_round as (
      select yr.team_id, yr.id, count(distinct rep.author_token) filter (where rep.source <> 'guest') as participants
      from year_rounds yr left join replies rep on rep.round_id = yr.id and rep.organisation_id = ${ORG} and rep.deleted_at is null
      group by yr.team_id, yr.id
    ), per_team as (
      select team_id, count(*) as rounds, sum(participants) as participant_rounds, min(participants) as fewest from per_round group by team_id
    ), per_question as (
      select rep.question_key, count(*) as answers from year_rounds yr join replies rep on rep.round_id = yr.id and rep.organisation_id = ${ORG} and rep.deleted_at is null
      group by rep.question_key
    ), members as (
      select scope_id as team_id, count(*) as members from role_grants where organisation_id = ${ORG} and role = 'member' and scope_kind = 'team' group by scope_id
    )
    select t.school_id, t.id as team_id, pt.rounds, pt.participant_rounds, pt.fewest, m.members, (select jsonb_object_agg(question_key, answers) from per_question) as answers
    from teams t left join per_team pt on pt.team_id = t.id left join members m on m.team_id = t.id
    where t.organisation_id = ${ORG}`.execute(db);
  return rows.rows.length;
}

/**
 * (d) The board's school-year report of bench (c)'s board (seeded here when (c) did not run):
 * `buildReport` for the whole board and one school year, timed with peak memory, against the
 * hand-written query of its core figures; the PDF is timed on its own.
 */
export async function benchReport(options: { databaseUrl: string; quick: boolean }): Promise<ReportFigures> {
  const schools = options.quick ? 10 : 100;
  const handle = await openDatabase({ databaseUrl: options.databaseUrl });
  try {
    await migrateToLatest(handle.db);
    const seeded = await handle.db.selectFrom('organisations').select('id').where('id', '=', ORG).executeTakeFirst();
    if (!seeded) await seedBoard(handle.db, schools);
    const schoolCount = (
      await handle.db
        .selectFrom('schools')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('organisation_id', '=', ORG)
        .executeTakeFirstOrThrow()
    ).n;
    const store = createSqlStore(handle.db);
    const deps = {
      store,
      clock: { now: () => NOW },
      newId: randomUUID,
      tokenSecret: 'bench-report-secret-bench-report-secret',
      cron: cronCheck,
      log: createLogger('error'),
    };
    const service = createReportService({
      deps,
      ports: createReportPorts(handle.db),
      tokenSecret: deps.tokenSecret,
      minGroupSize: async () => 3,
    });
    const period = schoolYearPeriod(YEAR, 'Europe/Amsterdam');

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const built = await service.build({
      organisationId: ORG,
      personId: 'leader',
      subject: { kind: 'board' },
      period: { year: YEAR },
    });
    const reportSeconds = (performance.now() - started) / 1000;
    if (!built.ok) throw new Error(`bench: report: ${built.code}`);
    const pdfStarted = performance.now();
    const pdf = await service.pdf(built.value, 'nl');
    const pdfSeconds = (performance.now() - pdfStarted) / 1000;
    clearInterval(sampler);

    const baselineStarted = performance.now();
    await sqlCoreFigures(handle.db, period.start, period.end);
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    return {
      board: `${schoolCount} schools × 20 teams × 10 members, school year ${YEAR}`,
      reportSeconds,
      baselineSeconds,
      pdfSeconds,
      pdfPages: pages,
      peakRssMb: peak / 2 ** 20,
      rssBeforeMb: rssBefore / 2 ** 20,
      rounds: built.value.dialogue.rounds,
    };
  } finally {
    await handle.close();
  }
}
