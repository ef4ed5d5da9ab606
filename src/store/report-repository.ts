import { sql } from 'kysely';
import type { Framework } from '../dialogues/report/framework.js';
import type {
  ReportRepository,
  ReportSubject,
  ReportVersion,
  ReportVersionSummary,
} from '../dialogues/report/report-reads.js';
import type { ReportVersionTable } from './report-schema.js';
import { toJson, type Executor } from './sql-helpers.js';

export function subjectText(subject: ReportSubject): string {
  return subject.kind === 'board' ? 'board' : `school:${subject.schoolId}`;
}

function subjectOf(text: string): ReportSubject {
  return text === 'board' ? { kind: 'board' } : { kind: 'school', schoolId: text.slice('school:'.length) };
}

const SUMMARY = [
  'id',
  'organisation_id',
  'subject',
  'period',
  'version',
  'locale',
  'published_at',
  'published_by',
  'json_sha256',
  'pdf_sha256',
  'signature',
] as const;

function toSummary(row: Omit<ReportVersionTable, 'json' | 'pdf'>): ReportVersionSummary {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    subject: subjectOf(row.subject),
    period: row.period,
    version: row.version,
    locale: row.locale,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    jsonSha256: row.json_sha256,
    pdfSha256: row.pdf_sha256,
    signature: row.signature,
  };
}

/** Curation and published versions on SQL. Versions are inserted only; the database refuses updates of their content. */
export function reportRepository(db: Executor): ReportRepository {
  return {
    async setHighlight(organisationId, replyId, on, by, at) {
      if (on) {
        const result = await db
          .insertInto('report_highlights')
          .values({ organisation_id: organisationId, reply_id: replyId, marked_by: by, marked_at: at })
          .onConflict((oc) => oc.columns(['organisation_id', 'reply_id']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
      }
      const result = await db
        .deleteFrom('report_highlights')
        .where('organisation_id', '=', organisationId)
        .where('reply_id', '=', replyId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async setConclusion(organisationId, subject, period, code, text, by, at) {
      const key = { organisation_id: organisationId, subject: subjectText(subject), period, code };
      if (text.trim() === '') {
        await db
          .deleteFrom('report_conclusions')
          .where('organisation_id', '=', key.organisation_id)
          .where('subject', '=', key.subject)
          .where('period', '=', period)
          .where('code', '=', code)
          .execute();
        return;
      }
      await db
        .insertInto('report_conclusions')
        .values({ ...key, text, written_by: by, updated_at: at })
        .onConflict((oc) =>
          oc
            .columns(['organisation_id', 'subject', 'period', 'code'])
            .doUpdateSet({ text, written_by: by, updated_at: at }),
        )
        .execute();
    },

    async conclusions(organisationId, subject, period) {
      const rows = await db
        .selectFrom('report_conclusions')
        .select(['code', 'text'])
        .where('organisation_id', '=', organisationId)
        .where('subject', '=', subjectText(subject))
        .where('period', '=', period)
        .execute();
      return new Map(rows.map((row) => [row.code, row.text]));
    },

    async publish(version) {
      const subject = subjectText(version.subject);
      // The next number is taken in the insert itself; the unique constraint settles a race (the loser retries).
      for (let attempt = 0; ; attempt += 1) {
        const last = await db
          .selectFrom('report_versions')
          .select(sql<number>`coalesce(max(version), 0)::int`.as('n'))
          .where('organisation_id', '=', version.organisationId)
          .where('subject', '=', subject)
          .where('period', '=', version.period)
          .executeTakeFirstOrThrow();
        try {
          await db
            .insertInto('report_versions')
            .values({
              id: version.id,
              organisation_id: version.organisationId,
              subject,
              period: version.period,
              version: last.n + 1,
              locale: version.locale,
              published_at: version.publishedAt,
              published_by: version.publishedBy,
              json: version.json,
              pdf: version.pdf,
              json_sha256: version.jsonSha256,
              pdf_sha256: version.pdfSha256,
              signature: version.signature,
            })
            .execute();
          return { ...version, version: last.n + 1 };
        } catch (error) {
          if (attempt >= 3 || (error as { code?: string }).code !== '23505') throw error;
        }
      }
    },

    async listVersions(organisationId, subject, period) {
      const rows = await db
        .selectFrom('report_versions')
        .select(SUMMARY)
        .where('organisation_id', '=', organisationId)
        .where('subject', '=', subjectText(subject))
        .where('period', '=', period)
        .orderBy('version', 'desc')
        .execute();
      return rows.map(toSummary);
    },

    async getVersion(organisationId, id) {
      const row = await db
        .selectFrom('report_versions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { ...toSummary(row), json: row.json, pdf: new Uint8Array(row.pdf) } : null;
    },

    async findVersionByPdf(organisationId, pdfSha256) {
      const row = await db
        .selectFrom('report_versions')
        .select(SUMMARY)
        .where('organisation_id', '=', organisationId)
        .where('pdf_sha256', '=', pdfSha256)
        .orderBy('version')
        .executeTakeFirst();
      return row ? toSummary(row) : null;
    },

    async framework(organisationId) {
      const row = await db
        .selectFrom('report_frameworks')
        .select('framework')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return row ? (row.framework as Framework) : null;
    },

    async setFramework(organisationId, framework, by, at) {
      if (framework === null) {
        await db.deleteFrom('report_frameworks').where('organisation_id', '=', organisationId).execute();
        return;
      }
      await db
        .insertInto('report_frameworks')
        .values({ organisation_id: organisationId, framework: toJson(framework), updated_by: by, updated_at: at })
        .onConflict((oc) =>
          oc.column('organisation_id').doUpdateSet({ framework: toJson(framework), updated_by: by, updated_at: at }),
        )
        .execute();
    },
  };
}

export type { ReportVersion };
