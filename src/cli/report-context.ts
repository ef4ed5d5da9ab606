import type { Command } from 'commander';
import type { App } from '../app.js';
import type { Locale } from '../dialogues/model.js';
import type { ReportSubject } from '../dialogues/report/report-reads.js';
import { isLocale, t } from '../i18n/index.js';
import type { ReportService } from '../report/report-service.js';
import { fail, pickOrganisation } from './context.js';
import { getOrganisation, listSchools } from '../dialogues/operator-reads.js';

/** What the report commands share: the service, and the school/board/period options. */
export interface SubjectOptions {
  school?: string;
  board?: boolean;
  year?: string;
  from?: string;
  to?: string;
  org?: string;
  locale?: string;
}

/** The report service for a CLI command (loaded lazily, like the PDF library under it). */
export function reportService(app: App): Promise<ReportService> {
  return app.services.report();
}

/** The organisation, subject and period named by the common options; exits with a message when they do not fit. */
export async function pickSubject(
  app: App,
  opts: SubjectOptions,
): Promise<{
  organisationId: string;
  subject: ReportSubject;
  period: { year: string } | { from: string; to: string } | undefined;
  locale: Locale;
}> {
  if ((opts.school === undefined) === (opts.board !== true))
    fail("Name one school with --school <name>, or use --board for the board's report.");
  if (opts.locale !== undefined && !isLocale(opts.locale)) fail('--locale must be nl or en');
  if ((opts.from === undefined) !== (opts.to === undefined)) fail('--from and --to go together (YYYY-MM-DD).');
  const organisationId = await pickOrganisation(app, opts.org);
  let subject: ReportSubject = { kind: 'board' };
  if (opts.school !== undefined) {
    const wanted = opts.school.toLowerCase();
    const schools = await listSchools(app.deps, organisationId);
    const found = schools.find((s) => s.id === opts.school) ?? schools.find((s) => s.name.toLowerCase() === wanted);
    if (!found) fail(`No school "${opts.school}". Schools: ${schools.map((s) => s.name).join(', ')}`);
    subject = { kind: 'school', schoolId: found.id };
  }
  const period =
    opts.year !== undefined
      ? { year: opts.year }
      : opts.from !== undefined && opts.to !== undefined
        ? { from: opts.from, to: opts.to }
        : undefined;
  const organisation = await getOrganisation(app.deps, organisationId);
  const locale: Locale = isLocale(opts.locale) ? opts.locale : organisation?.locale === 'en' ? 'en' : 'nl';
  return { organisationId, subject, period, locale };
}

export function subjectOptions(command: Command): Command {
  return command
    .option('--school <id|name>', "the school's report")
    .option('--board', "the board's report (all schools)")
    .option('--year <YYYY-YYYY>', 'school year, 1 August to 31 July (default: the current one)')
    .option('--from <YYYY-MM-DD>', 'a free period instead of a school year: first day')
    .option('--to <YYYY-MM-DD>', 'last day of the free period')
    .option('--locale <nl|en>', "language (default: the organisation's)")
    .option('--org <id|name>', 'organisation, when there are several');
}

export function reportFailure(code: string, details?: Readonly<Record<string, string | number>>): never {
  fail(t('en', `error.${code}`, { role: 'coordinator', field: '', ...details }));
}
