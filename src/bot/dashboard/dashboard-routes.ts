import { sendNotFound } from '../../http-errors.js';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { isCalendarDate, parseActionStatus, updateAction } from '../../dialogues/actions/update-action.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { chartData, type ChartData } from '../../dialogues/digest/chart-data.js';
import { isIsoWeek } from '../../dialogues/digest/iso-week.js';
import { resolveScope, teamVisible } from '../../dialogues/digest/reader-scope.js';
import type { Locale, Team } from '../../dialogues/model.js';
import { mayManagePersonalData } from '../../dialogues/privacy/privacy-access.js';
import { readRoundAnswers } from '../../dialogues/round-answers.js';
import { t } from '../../i18n/index.js';
import { chartPng } from '../charts/lazy-chart.js';
import type { DigestService } from '../../services/digest-service.js';
import { html, type SafeHtml } from '../web/html.js';
import { sameOriginPosts } from '../web/same-origin.js';
import { readSession } from '../web/session.js';
import { loadOverview, loadTeam } from './dashboard-data.js';
import { DASHBOARD_CSS, dashboardPage, type Notice } from './dashboard-layout.js';
import { overviewBody } from './overview-page.js';
import { createPrivacyRoutes } from './privacy-routes.js';
import { createReportRoutes } from './report-routes.js';
import { createDigestRoutes, currentWeek } from './digest-routes.js';
import { createOutcomeRoutes } from './outcome-routes.js';
import type { ReportService } from '../../report/report-service.js';
import { createScheduleRoutes } from './schedule-routes.js';
import { roundBody } from './round-page.js';
import { teamBody } from './team-page.js';

export interface DashboardOptions {
  /** The school-year report's pages (`/dashboard/report`); left out, they are not served. */
  report?: ReportService;
  deps: DialogueDeps;
  digest: DigestService;
  tokenSecret: string;
  digestAt: { weekday: number; hour: number; minute: number };
  /** Local mode on 127.0.0.1: no link needed, the person picker at `/` signs in. */
  localPicker: boolean;
}

/** Who is signed in; `managesPrivacy` (an organisation coordinator) shows and opens the privacy page. */
import type { Signed } from './signed.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';
export type { Signed } from './signed.js';

/**
 * The dashboard (`/dashboard`): overview, team, outcomes, schedules and the digest as a web page,
 * server-rendered, and the digest charts. Sign-in is the web session cookie (the picker in local
 * mode, the signed link from chat at `/auth/link`, or the Teams tab's SSO); every view is cut to
 * the reader's role scope, and a team outside it answers 404 as if it did not exist.
 */
export function createDashboardRoutes(options: DashboardOptions): Router {
  const { deps, digest } = options;
  const { store } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get(
    '/dashboard/dashboard.css',
    (_req, res) => void res.type('css').set('cache-control', 'max-age=3600').send(DASHBOARD_CSS),
  );

  router.get('/charts/digest/:org/:person/:file', async (req, res) => {
    const week = String(req.params.file).replace(/\.png$/, '');
    const [org, person, sig] = [String(req.params.org), String(req.params.person), String(req.query.sig ?? '')];
    const school = typeof req.query.school === 'string' && req.query.school !== '' ? req.query.school : null;
    if (!isIsoWeek(week) || !digest.verifyChart(org, person, week, sig, school)) return void sendNotFound(res);
    const png = await digest.chart(org, person, week, school);
    if (!png) return void sendNotFound(res);
    res.type('png').set('cache-control', 'private, max-age=600').send(png);
  });

  router.use('/dashboard', sameOriginPosts, async (req: Request, res: Response, next: NextFunction) => {
    const session = await readSession(req, options.tokenSecret);
    const person = session ? await store.people.get(session.organisationId, session.personId) : null;
    if (session && person) {
      const managesPrivacy = (await mayManagePersonalData(store, session.organisationId, person.id)).ok;
      res.locals.signed = { session, person, managesPrivacy } satisfies Signed;
      return next();
    }
    if (options.localPicker) return void res.redirect(303, '/');
    res
      .status(401)
      .type('html')
      .send(
        dashboardPage({
          title: 'Vijf Vragen',
          locale: 'nl',
          who: '',
          tab: null,
          body: html`<p>${t('nl', 'dashboard.not_signed_in')}</p><p>${t('en', 'dashboard.not_signed_in')}</p>`,
        }),
      );
  });

  const page = (
    res: Response,
    title: string,
    tab: Parameters<typeof dashboardPage>[0]['tab'],
    body: ReturnType<typeof html>,
    notice: Notice | null = null,
    status = 200,
  ) => {
    const { person, managesPrivacy } = res.locals.signed as Signed;
    res
      .status(status)
      .type('html')
      .send(
        dashboardPage({
          title,
          locale: person.locale,
          who: person.displayName,
          tab,
          body,
          notice,
          privacy: managesPrivacy,
        }),
      );
  };

  /** The page renderer of one tab, for the route groups in their own files. */
  const pageIn =
    (tab: Parameters<typeof dashboardPage>[0]['tab']) =>
    (res: Response, title: string, body: SafeHtml, notice?: Notice | null, status?: number) =>
      page(res, title, tab, body, notice, status);

  if (options.report)
    router.use(
      createReportRoutes({
        report: options.report,
        page: pageIn('report'),
      }),
    );
  router.use(
    createPrivacyRoutes({
      deps,
      page: pageIn('privacy'),
    }),
  );

  router.use(
    createScheduleRoutes({
      deps,
      digestAt: options.digestAt,
      page: pageIn('schedules'),
    }),
  );

  router.get('/dashboard', async (_req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const view = await loadOverview(
      deps,
      session.organisationId,
      person,
      await digest.minGroupSize(session.organisationId),
    );
    page(res, t(person.locale, 'dashboard.nav_overview'), 'overview', overviewBody(view));
  });

  /** What a team's chart draws; the page states the same figures in words. */
  async function teamChart(organisationId: string, team: Team): Promise<ChartData> {
    return chartData(deps, {
      organisationId,
      teams: [team],
      schoolIds: [team.schoolId],
      week: await currentWeek(deps, organisationId),
      minGroupSize: await digest.minGroupSize(organisationId),
    });
  }

  router.get('/dashboard/teams/:id', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const view = await loadTeam(
      deps,
      session.organisationId,
      person,
      String(req.params.id),
      await digest.minGroupSize(session.organisationId),
    );
    if (!view) return sendNotFound(res);
    const chart = await teamChart(session.organisationId, view.team);
    page(res, view.team.name, 'overview', teamBody(view, chart), noticeOf(req, person.locale));
  });

  router.get('/dashboard/rounds/:id', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const read = await readRoundAnswers(
      deps,
      session.organisationId,
      person.id,
      String(req.params.id),
      await digest.minGroupSize(session.organisationId),
    );
    if (!read.ok) return sendNotFound(res);
    const timeZone = (await store.organisations.get(session.organisationId))?.timeZone ?? DEFAULT_TIME_ZONE;
    page(
      res,
      t(person.locale, 'dashboard.round_title', { theme: read.value.round.theme || read.value.team.name }),
      'overview',
      roundBody(read.value, person.locale, timeZone),
    );
  });

  router.get('/dashboard/teams/:id/chart.png', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const team = await store.teams.get(session.organisationId, String(req.params.id));
    const { scope } = await resolveScope(store, session.organisationId, person.id, { membersToo: true });
    if (!team || !teamVisible(scope, team)) return sendNotFound(res);
    const data = await teamChart(session.organisationId, team);
    res
      .type('png')
      .set('cache-control', 'private, max-age=60')
      .send(await chartPng(data, person.locale));
  });

  router.post('/dashboard/actions/:id', form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const action = await store.actions.get(session.organisationId, String(req.params.id));
    const team = action ? await store.teams.get(session.organisationId, action.teamId) : null;
    const { scope } = await resolveScope(store, session.organisationId, person.id, { membersToo: true });
    if (!action || !team || !teamVisible(scope, team)) return sendNotFound(res);
    const back = `/dashboard/teams/${team.id}`;
    const owner = String(req.body?.owner ?? '');
    const due = String(req.body?.due ?? '');
    const status = parseActionStatus(String(req.body?.status ?? ''));
    if (!status || (due !== '' && !isCalendarDate(due))) return void res.redirect(303, `${back}?error=input.invalid`);
    const changed = await updateAction(deps, {
      organisationId: session.organisationId,
      actorPersonId: person.id,
      actionId: action.id,
      change: { ownerPersonId: owner === '' ? null : owner, dueOn: due === '' ? null : due, status },
    });
    res.redirect(303, changed.ok ? `${back}?notice=saved` : `${back}?error=${encodeURIComponent(changed.code)}`);
  });

  router.use(createOutcomeRoutes({ deps, digest, page: pageIn('outcomes') }));
  router.use(createDigestRoutes({ deps, digest, page: pageIn('digest') }));

  return router;
}

function noticeOf(req: Request, locale: Locale): Notice | null {
  if (req.query.notice === 'saved') return { kind: 'info', text: t(locale, 'dashboard.saved') };
  if (typeof req.query.error === 'string' && /^[a-z_.]{1,40}$/.test(req.query.error))
    return { kind: 'error', text: t(locale, `error.${req.query.error}`, { field: '', role: '', team: '' }) };
  return null;
}
