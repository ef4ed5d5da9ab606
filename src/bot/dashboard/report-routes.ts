import { sendNotFound } from '../../http-errors.js';
import express, { type Request, type Response, type Router } from 'express';
import { holds } from '../../dialogues/access.js';
import type { Person } from '../../dialogues/model.js';
import { markHighlight, mayRead, replaceFramework, writeConclusion } from '../../dialogues/report/curate-report.js';
import type { ReportSubject } from '../../dialogues/report/report-reads.js';
import { civilDate, isSchoolYear, schoolYearOf } from '../../dialogues/report/school-year.js';
import type { ReportBody } from '../../dialogues/report/report-body.js';
import type { ReportRequest } from '../../dialogues/report/build-report.js';
import { t } from '../../i18n/index.js';
import type { ReportService } from '../../report/report-service.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Notice } from './dashboard-layout.js';
import type { Signed } from './signed.js';
import { reportBody, reportSelector } from './report-page.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

export interface ReportRoutesOptions {
  report: ReportService;
  page: (res: Response, title: string, body: SafeHtml, notice?: Notice | null, status?: number) => void;
}

const ANSWERS_LISTED = 60;

/** The report a request chose: subject and school year, the organisation's time zone, and the query naming them. */
interface Pick {
  subject: ReportSubject;
  year: string;
  timeZone: string;
  query: string;
}

/**
 * The school-year report on the dashboard (`/dashboard/report`): leaders and coordinators of a
 * school (or of the board) read it, download it as PDF and open earlier versions; coordinators
 * choose quotes, write conclusions and publish. Anything outside the reader's scope is 404.
 */
export function createReportRoutes(options: ReportRoutesOptions): Router {
  const { report, page } = options;
  const { deps } = report;
  const { store } = deps.dialogue;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  /** The subject and year a request names (query or form field `q`), if the reader may read it. */
  async function chosen(req: Request, res: Response): Promise<Pick | null> {
    const { session, person } = res.locals.signed as Signed;
    const params =
      typeof req.body?.q === 'string'
        ? new URLSearchParams(req.body.q)
        : new URLSearchParams(req.query as Record<string, string>);
    const organisation = await store.organisations.get(session.organisationId);
    const year =
      params.get('year') ?? schoolYearOf(deps.dialogue.clock.now(), organisation?.timeZone ?? DEFAULT_TIME_ZONE);
    const raw = params.get('subject') ?? '';
    const subject: ReportSubject | null =
      raw === 'board'
        ? { kind: 'board' }
        : raw.startsWith('school:')
          ? { kind: 'school', schoolId: raw.slice(7) }
          : null;
    if (!subject || !isSchoolYear(year) || !(await mayRead(deps, session.organisationId, person.id, subject)))
      return null;
    const timeZone = organisation?.timeZone ?? DEFAULT_TIME_ZONE;
    return { subject, year, timeZone, query: new URLSearchParams({ subject: raw, year }).toString() };
  }

  /** What `report.build` and `report.publish` are asked for: the chosen report, for its reader. */
  const requestOf = ({ session, person }: Signed, pick: Pick): Omit<ReportRequest, 'minGroupSize'> => ({
    organisationId: session.organisationId,
    personId: person.id,
    subject: pick.subject,
    period: { year: pick.year },
  });

  /** The report a request names, built for its reader; null when it names none they may read. */
  async function chosenReport(req: Request, res: Response): Promise<ReportBody | null> {
    const pick = await chosen(req, res);
    const built = pick ? await report.build(requestOf(res.locals.signed as Signed, pick)) : null;
    return built?.ok ? built.value : null;
  }

  async function choices(person: Person, organisationId: string, selected: string) {
    const grants = await store.people.roles(organisationId, person.id);
    const readable = (context: Parameters<typeof holds>[2]) => holds(grants, ['leader', 'coordinator'], context);
    const schools = (await store.schools.list(organisationId))
      .filter((s) => readable({ kind: 'school', schoolId: s.id }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const list = schools.map((s) => ({
      value: `school:${s.id}`,
      label: s.name,
      selected: selected === `school:${s.id}`,
    }));
    return readable({ kind: 'organisation' })
      ? [{ value: 'board', label: t(person.locale, 'report.board'), selected: selected === 'board' }, ...list]
      : list;
  }

  router.get('/dashboard/report', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const { locale } = person;
    const options = await choices(person, session.organisationId, String(req.query.subject ?? ''));
    if (options.length === 0)
      return page(res, t(locale, 'report.nav'), html`<p>${t(locale, 'dashboard.not_allowed')}</p>`, null, 403);
    const pick = req.query.subject === undefined ? null : await chosen(req, res);
    if (!pick)
      return page(
        res,
        t(locale, 'report.nav'),
        html`<p>${t(locale, 'report.choose')}</p>${reportSelector(locale, options, String(req.query.year ?? schoolYearOf(deps.dialogue.clock.now(), DEFAULT_TIME_ZONE)))}`,
        null,
        req.query.subject === undefined ? 200 : 404,
      );
    const built = await report.build(requestOf(res.locals.signed as Signed, pick));
    if (!built.ok)
      return page(res, t(locale, 'report.nav'), html`<p>${t(locale, 'dashboard.not_allowed')}</p>`, null, 403);
    const body = built.value;
    const canCurate = holds(
      await store.people.roles(session.organisationId, person.id),
      'coordinator',
      pick.subject.kind === 'board' ? { kind: 'organisation' } : { kind: 'school', schoolId: pick.subject.schoolId },
    );
    const versions = await Promise.all(
      (await deps.reports.listVersions(session.organisationId, pick.subject, body.period.label)).map(async (v) => {
        const full = await deps.reports.getVersion(session.organisationId, v.id);
        return { ...v, valid: full !== null && report.verify(full) };
      }),
    );
    page(
      res,
      t(locale, body.kind === 'school' ? 'report.title_school' : 'report.title_board', { name: body.subjectName }),
      reportBody({
        locale,
        body,
        query: pick.query,
        choices: options,
        canCurate,
        versions,
        answers: canCurate ? await answers(session.organisationId, pick, body) : [],
      }),
      noticeOf(req, locale),
    );
  });

  /** The latest answers of the report's teams and year, for a coordinator to mark as quotes. */
  async function answers(organisationId: string, pick: Pick, body: ReportBody) {
    const { subject, timeZone } = pick;
    const teams = (await store.teams.list(organisationId)).filter(
      (team) => subject.kind === 'board' || team.schoolId === subject.schoolId,
    );
    const names = new Map(teams.map((team) => [team.id, team.name]));
    const inPeriod = (openedAt: Date) => {
      const on = civilDate(openedAt, timeZone);
      return on >= body.period.from && on <= body.period.to;
    };
    const rounds = (await store.rounds.list(organisationId, { limit: 500 }))
      .filter((r) => names.has(r.teamId) && inPeriod(r.openedAt))
      .slice(0, 10);
    const replies = (
      await store.dashboardReads.repliesOfRounds(
        organisationId,
        rounds.map((r) => r.id),
      )
    )
      .filter((r) => r.questionKey !== null && r.source !== 'guest')
      .slice(-ANSWERS_LISTED)
      .reverse();
    const teamOf = new Map(rounds.map((r) => [r.id, names.get(r.teamId) ?? '']));
    // The report quotes every marked answer of these teams and this year: its excerpts say which.
    const quoted = new Set(body.dialogue.questions.flatMap((q) => q.excerpts.map((e) => e.replyId)));
    return replies.map((r) => ({
      id: r.id,
      key: r.questionKey ?? '',
      text: r.text,
      teamName: teamOf.get(r.roundId) ?? '',
      highlighted: quoted.has(r.id),
    }));
  }

  router.get(['/dashboard/report/outcomes.svg', '/dashboard/report/participation.svg'], async (req, res) => {
    const { person } = res.locals.signed as Signed;
    const body = await chosenReport(req, res);
    // echarts is loaded on the first chart asked for, not when the server starts.
    const { outcomesChartSvg, participationChartSvg } = await import('../../report/report-chart.js');
    const svg = body
      ? req.path.endsWith('outcomes.svg')
        ? outcomesChartSvg(body, person.locale)
        : participationChartSvg(body, person.locale)
      : null;
    if (!svg) return void sendNotFound(res);
    res
      .type('image/svg+xml')
      .set({
        'cache-control': 'private, max-age=60',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      })
      .send(svg);
  });

  router.get('/dashboard/report.pdf', async (req, res) => {
    const { person } = res.locals.signed as Signed;
    const body = await chosenReport(req, res);
    if (!body) return void sendNotFound(res);
    const pdf = await report.pdf(body, person.locale);
    res
      .type('application/pdf')
      .set('content-disposition', `attachment; filename="vijfvragen-${body.period.label}.pdf"`)
      .send(pdf);
  });

  router.get('/dashboard/report/versions/:file', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const version = await deps.reports.getVersion(
      session.organisationId,
      String(req.params.file).replace(/\.pdf$/, ''),
    );
    if (!version || !(await mayRead(deps, session.organisationId, person.id, version.subject)))
      return void sendNotFound(res);
    res
      .type('application/pdf')
      .set({
        'content-disposition': `attachment; filename="vijfvragen-${version.period}-v${version.version}.pdf"`,
        'x-report-signature-valid': String(report.verify(version)),
      })
      .send(Buffer.from(version.pdf));
  });

  const back = (res: Response, query: string, notice: string) =>
    res.redirect(303, `/dashboard/report?${query}&notice=${notice}`);

  router.post('/dashboard/report/highlight', form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const pick = await chosen(req, res);
    if (!pick) return void sendNotFound(res);
    const result = await markHighlight(deps, {
      organisationId: session.organisationId,
      personId: person.id,
      replyId: String(req.body?.reply ?? ''),
      on: req.body?.on === '1',
    });
    back(res, pick.query, result.ok ? 'saved' : 'not_allowed');
  });

  router.post('/dashboard/report/conclusion', form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const pick = await chosen(req, res);
    if (!pick) return void sendNotFound(res);
    const result = await writeConclusion(deps, {
      organisationId: session.organisationId,
      personId: person.id,
      subject: pick.subject,
      period: { year: pick.year },
      code: String(req.body?.code ?? ''),
      text: String(req.body?.text ?? ''),
    });
    back(res, pick.query, result.ok ? 'saved' : 'not_allowed');
  });

  router.post('/dashboard/report/publish', form, async (req, res) => {
    const signed = res.locals.signed as Signed;
    const pick = await chosen(req, res);
    if (!pick) return void sendNotFound(res);
    const result = await report.publish(requestOf(signed, pick), signed.person.locale);
    back(res, pick.query, result.ok ? `published&version=${result.value.version}` : 'not_allowed');
  });

  router.post(
    '/dashboard/report/framework',
    express.urlencoded({ extended: false, limit: '256kb' }),
    async (req, res) => {
      const { session, person } = res.locals.signed as Signed;
      const text = String(req.body?.framework ?? '').trim();
      const { parseFramework } = await import('../../report/framework-file.js');
      const parsed = text === '' ? { ok: true as const, framework: null } : parseFramework(text);
      if (!parsed.ok)
        return page(
          res,
          t(person.locale, 'report.framework_title'),
          html`<p>${t(person.locale, 'report.framework_invalid')}</p><ul>${parsed.errors.map((e) => html`<li>${e}</li>`)}</ul>`,
          null,
          400,
        );
      const result = await replaceFramework(deps, {
        organisationId: session.organisationId,
        personId: person.id,
        framework: parsed.framework,
      });
      if (!result.ok)
        return page(
          res,
          t(person.locale, 'report.framework_title'),
          html`<p>${t(person.locale, 'dashboard.not_allowed')}</p>`,
          null,
          403,
        );
      res.redirect(303, '/dashboard/report?notice=framework');
    },
  );

  return router;
}

function noticeOf(req: Request, locale: Signed['person']['locale']): Notice | null {
  if (req.query.notice === 'saved') return { kind: 'info', text: t(locale, 'dashboard.saved') };
  if (req.query.notice === 'published')
    return { kind: 'info', text: t(locale, 'report.published', { version: String(req.query.version ?? '') }) };
  if (req.query.notice === 'not_allowed') return { kind: 'error', text: t(locale, 'dashboard.not_allowed') };
  return null;
}
