import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { holds } from '../../dialogues/access.js';
import { isCalendarDate, parseActionStatus, updateAction } from '../../dialogues/actions/update-action.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { chartData } from '../../dialogues/digest/chart-data.js';
import { isIsoWeek, isoWeekOf } from '../../dialogues/digest/iso-week.js';
import { resolveScope, teamVisible } from '../../dialogues/digest/reader-scope.js';
import type { Locale, Person } from '../../dialogues/model.js';
import { mayManagePersonalData } from '../../dialogues/privacy/privacy-access.js';
import { formatWeekly, t } from '../../i18n/index.js';
import { describeImportErrors, importOutcomes } from '../../outcomes/import-outcomes.js';
import { MAX_CSV_BYTES } from '../../outcomes/parse-outcomes-csv.js';
import { chartPng } from '../charts/chart-image.js';
import type { DigestService } from '../digest/digest-service.js';
import { html } from '../web/html.js';
import { readSession, type WebSession } from '../web/session.js';
import { loadOutcomes, loadOverview, loadTeam } from './dashboard-data.js';
import { DASHBOARD_CSS, dashboardPage, type Notice } from './dashboard-layout.js';
import { digestHtml } from './digest-html.js';
import { outcomesBody } from './outcomes-page.js';
import { overviewBody } from './overview-page.js';
import { createPrivacyRoutes } from './privacy-routes.js';
import { schedulesBody } from './schedules-page.js';
import { teamBody } from './team-page.js';

export interface DashboardOptions {
  deps: DialogueDeps;
  digest: DigestService;
  tokenSecret: string;
  digestAt: { weekday: number; hour: number; minute: number };
  /** Local mode on 127.0.0.1: no link needed, the person picker at `/` signs in. */
  localPicker: boolean;
}

/** Who is signed in; `managesPrivacy` (an organisation coordinator) shows and opens the privacy page. */
export type Signed = { session: WebSession; person: Person; managesPrivacy: boolean };

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
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_CSV_BYTES, files: 1 } });

  router.get('/dashboard/dashboard.css', (_req, res) => void res.type('css').set('cache-control', 'max-age=3600').send(DASHBOARD_CSS));

  router.get('/charts/digest/:org/:person/:file', async (req, res) => {
    const week = String(req.params.file).replace(/\.png$/, '');
    const [org, person, sig] = [String(req.params.org), String(req.params.person), String(req.query.sig ?? '')];
    const school = typeof req.query.school === 'string' && req.query.school !== '' ? req.query.school : null;
    if (!isIsoWeek(week) || !digest.verifyChart(org, person, week, sig, school)) return void res.status(404).type('text/plain').send('Not found');
    const png = await digest.chart(org, person, week, school);
    if (!png) return void res.status(404).type('text/plain').send('Not found');
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
    res.status(401).type('html').send(dashboardPage({ title: 'Vijf Vragen', locale: 'nl', who: '', tab: null, body: html`<p>${t('nl', 'dashboard.not_signed_in')}</p><p>${t('en', 'dashboard.not_signed_in')}</p>` }));
  });

  const page = (res: Response, title: string, tab: Parameters<typeof dashboardPage>[0]['tab'], body: ReturnType<typeof html>, notice: Notice | null = null, status = 200) => {
    const { person, managesPrivacy } = res.locals.signed as Signed;
    res.status(status).type('html').send(dashboardPage({ title, locale: person.locale, who: person.displayName, tab, body, notice, privacy: managesPrivacy }));
  };

  router.use(createPrivacyRoutes({ deps, page: (res, title, body, notice, status) => page(res, title, 'privacy', body, notice, status) }));

  router.get('/dashboard', async (_req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const view = await loadOverview(deps, session.organisationId, person, await digest.minGroupSize(session.organisationId));
    page(res, t(person.locale, 'dashboard.nav_overview'), 'overview', overviewBody(view));
  });

  router.get('/dashboard/teams/:id', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const view = await loadTeam(deps, session.organisationId, person, String(req.params.id), await digest.minGroupSize(session.organisationId));
    if (!view) return notFound(res);
    page(res, view.team.name, 'overview', teamBody(view), noticeOf(req, person.locale));
  });

  router.get('/dashboard/teams/:id/chart.png', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const team = await store.teams.get(session.organisationId, String(req.params.id));
    const { scope } = await resolveScope(store, session.organisationId, person.id, { membersToo: true });
    if (!team || !teamVisible(scope, team)) return notFound(res);
    const week = await currentWeek(session.organisationId);
    const data = await chartData(deps, { organisationId: session.organisationId, teams: [team], schoolIds: [team.schoolId], week, minGroupSize: await digest.minGroupSize(session.organisationId) });
    res.type('png').set('cache-control', 'private, max-age=60').send(chartPng(data, person.locale));
  });

  router.post('/dashboard/actions/:id', form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const action = await store.actions.get(session.organisationId, String(req.params.id));
    const team = action ? await store.teams.get(session.organisationId, action.teamId) : null;
    const { scope } = await resolveScope(store, session.organisationId, person.id, { membersToo: true });
    if (!action || !team || !teamVisible(scope, team)) return notFound(res);
    const back = `/dashboard/teams/${team.id}`;
    const owner = String(req.body?.owner ?? '');
    const due = String(req.body?.due ?? '');
    const status = parseActionStatus(String(req.body?.status ?? ''));
    if (!status || (due !== '' && !isCalendarDate(due))) return void res.redirect(303, `${back}?error=input.invalid`);
    const changed = await updateAction(deps, { organisationId: session.organisationId, actorPersonId: person.id, actionId: action.id, change: { ownerPersonId: owner === '' ? null : owner, dueOn: due === '' ? null : due, status } });
    res.redirect(303, changed.ok ? `${back}?notice=saved` : `${back}?error=${encodeURIComponent(changed.code)}`);
  });

  router.get('/dashboard/outcomes', async (_req, res) => {
    const { session, person } = res.locals.signed as Signed;
    page(res, t(person.locale, 'dashboard.nav_outcomes'), 'outcomes', outcomesBody(await loadOutcomes(deps, session.organisationId, person, await digest.minGroupSize(session.organisationId), await canImport(session, person))));
  });

  router.post('/dashboard/outcomes/import', upload.single('file'), async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const { locale } = person;
    const allowed = await canImport(session, person);
    let notice: Notice;
    let status = 200;
    if (!allowed) {
      [notice, status] = [{ kind: 'error', text: t(locale, 'dashboard.not_allowed') }, 403];
    } else if (!req.file || req.file.size === 0) {
      [notice, status] = [{ kind: 'error', text: t(locale, 'dashboard.import_empty') }, 400];
    } else {
      const result = await importOutcomes(deps, session.organisationId, req.file.buffer.toString('utf8'), { personId: person.id }, { source: `dashboard:${req.file.originalname.slice(0, 100)}` });
      if (result.ok) notice = { kind: 'info', text: t(locale, 'dashboard.import_done', { created: result.value.created, updated: result.value.updated, metrics: result.value.metricsCreated }) };
      else [notice, status] = [{ kind: 'error', text: t(locale, 'dashboard.import_failed'), lines: describeImportErrors(result, locale) }, 400];
    }
    page(res, t(locale, 'dashboard.nav_outcomes'), 'outcomes', outcomesBody(await loadOutcomes(deps, session.organisationId, person, await digest.minGroupSize(session.organisationId), allowed)), notice, status);
  });

  router.get('/dashboard/schedules', async (_req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const { scope, teams } = await resolveScope(store, session.organisationId, person.id, { membersToo: true });
    const visible = new Set(teams.map((team) => team.id));
    const schedules = (await store.schedules.list(session.organisationId)).filter((s) => s.teamIds.some((id) => visible.has(id)));
    const templates = new Map((await store.templates.list(session.organisationId)).map((tpl) => [tpl.id, tpl]));
    const moment = (m: { weekday: number; hour: number; minute: number }) => formatWeekly(m, person.locale);
    const people = new Map((await store.people.list(session.organisationId)).map((p) => [p.id, p.displayName]));
    const bindings = new Map((await store.bindings.list(session.organisationId)).map((b) => [b.id, b.name]));
    const subscriptions = (await store.digests.listSubscriptions(session.organisationId))
      .filter((s) => scope.kind === 'organisation' || s.personId === person.id)
      .map((s) => ({ who: people.get(s.personId) ?? '', where: s.bindingId ? (bindings.get(s.bindingId) ?? '') : t(person.locale, 'dashboard.digest_dm'), when: `${moment(s).day} ${moment(s).time}` }));
    page(res, t(person.locale, 'dashboard.schedules_title'), 'schedules', schedulesBody({ locale: person.locale, schedules, templates, teams: new Map(teams.map((team) => [team.id, team])), digestWhen: t(person.locale, 'dashboard.digest_when', moment(options.digestAt)), subscriptions }));
  });

  router.get('/dashboard/digest', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const week = typeof req.query.week === 'string' && isIsoWeek(req.query.week) ? req.query.week : undefined;
    const built = await digest.build(session.organisationId, person.id, week);
    if (!built.ok) return page(res, t(person.locale, 'digest.title'), 'digest', html`<p>${t(person.locale, 'dashboard.not_allowed')}</p>`, null, 403);
    page(res, `${t(person.locale, 'digest.title')} ${built.value.week}`, 'digest', digestHtml(built.value, person.locale, `/dashboard/digest/chart.png?week=${built.value.week}`));
  });

  router.get('/dashboard/digest/chart.png', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const week = typeof req.query.week === 'string' && isIsoWeek(req.query.week) ? req.query.week : await currentWeek(session.organisationId);
    const png = await digest.chart(session.organisationId, person.id, week);
    if (!png) return notFound(res);
    res.type('png').set('cache-control', 'private, max-age=60').send(png);
  });

  async function canImport(session: WebSession, person: Person): Promise<boolean> {
    const grants = await store.people.roles(session.organisationId, person.id);
    return grants.some((g) => g.role === 'coordinator') || holds(grants, 'coordinator', { kind: 'organisation' });
  }

  async function currentWeek(organisationId: string): Promise<string> {
    const organisation = await store.organisations.get(organisationId);
    return isoWeekOf(deps.clock.now(), organisation?.timeZone ?? 'Europe/Amsterdam');
  }

  return router;
}

function notFound(res: Response): void {
  res.status(404).type('text/plain').send('Not found');
}

function noticeOf(req: Request, locale: Locale): Notice | null {
  if (req.query.notice === 'saved') return { kind: 'info', text: t(locale, 'dashboard.saved') };
  if (typeof req.query.error === 'string' && /^[a-z_.]{1,40}$/.test(req.query.error)) return { kind: 'error', text: t(locale, `error.${req.query.error}`, { field: '', role: '', team: '' }) };
  return null;
}

/** Refuses cross-site posts: a session cookie alone must not be enough to change an action, import figures or erase someone. */
function sameOriginPosts(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const origin = req.headers.origin;
  if (req.headers['sec-fetch-site'] === 'cross-site' || (origin && origin !== 'null' && new URL(origin).host !== req.headers.host)) {
    res.status(403).type('text/plain').send('Cross-site request refused');
    return;
  }
  next();
}
