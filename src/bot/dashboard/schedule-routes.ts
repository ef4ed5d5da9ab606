import { sendNotFound } from '../../http-errors.js';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { holds, teamContext } from '../../dialogues/access.js';
import { VISIBILITIES } from '../../dialogues/answer-visibility.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { resolveScope } from '../../dialogues/digest/reader-scope.js';
import {
  changeSchedule,
  createSchedule,
  manageableSchedules,
  updateSchedule,
  type ScheduleChange,
} from '../../dialogues/manage-schedules.js';
import type { Blackout, Locale, Schedule, Team } from '../../dialogues/model.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';
import { formatWeekly, t } from '../../i18n/index.js';
import { describeSchedule } from '../../i18n/recurrence-text.js';
import { blackoutsFromICalendar } from '../../scheduler/blackouts.js';
import { scheduleRefusal } from '../schedule-refusal.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Notice } from './dashboard-layout.js';
import { formValuesOf, removeConfirmBody, scheduleFormBody, type ScheduleFormValues } from './schedule-form.js';
import { schedulesBody } from './schedules-page.js';
import type { Signed } from './signed.js';

/** A school year's holiday calendar is a few kilobytes; a megabyte leaves room for a long one. */
const MAX_CALENDAR_BYTES = 1_000_000;

export interface ScheduleRoutesOptions {
  deps: DialogueDeps;
  digestAt: { weekday: number; hour: number; minute: number };
  /** The dashboard's page renderer (layout, navigation, the signed-in person). */
  page: (res: Response, title: string, body: SafeHtml, notice?: Notice | null, status?: number) => void;
}

/**
 * The schedules page (`/dashboard/schedules`): everyone in scope reads the list; a coordinator
 * adds, edits, pauses and removes the schedules of the teams they coordinate, with day, time,
 * every n weeks, window length, visibility and a holiday calendar (.ics). Every change goes
 * through the use cases in `manage-schedules.ts`; a refusal shows the form again with what was
 * typed and changes nothing. The dashboard's same-origin check and sign-in cover every post.
 */
export function createScheduleRoutes(options: ScheduleRoutesOptions): Router {
  const { deps, page } = options;
  const { store } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_CALENDAR_BYTES, files: 1, fields: 40, fieldSize: 4_000 },
  });
  // multer's own errors (file too large, a broken body) are the sender's: the form again, with the reason.
  const multipart = (req: Request, res: Response, next: NextFunction) =>
    upload.single('holidays')(req, res, (error?: unknown) => {
      if (error) res.locals.uploadError = error instanceof multer.MulterError ? error.code : 'BAD_FORM';
      next();
    });

  router.get('/dashboard/schedules', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const { locale } = person;
    const { scope, teams } = await resolveScope(store, session.organisationId, person.id, { membersToo: true });
    const visible = new Set(teams.map((team) => team.id));
    const schedules = (await store.schedules.list(session.organisationId)).filter((s) =>
      s.teamIds.some((id) => visible.has(id)),
    );
    const templates = new Map((await store.templates.list(session.organisationId)).map((tpl) => [tpl.id, tpl]));
    const moment = (m: { weekday: number; hour: number; minute: number }) => formatWeekly(m, locale);
    const people = new Map((await store.people.list(session.organisationId)).map((p) => [p.id, p.displayName]));
    const bindings = new Map((await store.bindings.list(session.organisationId)).map((b) => [b.id, b.name]));
    const subscriptions = (await store.digests.listSubscriptions(session.organisationId))
      .filter((s) => scope.kind === 'organisation' || s.personId === person.id)
      .map((s) => ({
        who: people.get(s.personId) ?? '',
        where: s.bindingId ? (bindings.get(s.bindingId) ?? '') : t(locale, 'dashboard.digest_dm'),
        when: `${moment(s).day} ${moment(s).time}`,
      }));
    const manageable = new Set((await manageableSchedules(deps, session.organisationId, person.id)).map((s) => s.id));
    page(
      res,
      t(locale, 'dashboard.schedules_title'),
      schedulesBody({
        locale,
        schedules,
        templates,
        teams: new Map(teams.map((team) => [team.id, team])),
        manageable,
        mayCreate: (await plannableTeams(session.organisationId, person.id)).length > 0,
        digestWhen: t(locale, 'dashboard.digest_when', moment(options.digestAt)),
        subscriptions,
      }),
      noticeOf(req, locale, schedules),
    );
  });

  router.get('/dashboard/schedules/new', async (_req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const timeZone = (await store.organisations.get(session.organisationId))?.timeZone ?? DEFAULT_TIME_ZONE;
    await showForm(res, session.organisationId, person, null, formValuesOf(null, timeZone), null, 200);
  });

  router.get('/dashboard/schedules/:id/edit', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const schedule = await manageable(session.organisationId, person.id, String(req.params.id));
    if (!schedule) return sendNotFound(res);
    await showForm(res, session.organisationId, person, schedule, formValuesOf(schedule, schedule.timeZone), null, 200);
  });

  router.post('/dashboard/schedules', multipart, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    await save(req, res, session.organisationId, person, null);
  });

  router.post('/dashboard/schedules/:id', multipart, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const schedule = await manageable(session.organisationId, person.id, String(req.params.id));
    if (!schedule) return sendNotFound(res);
    await save(req, res, session.organisationId, person, schedule);
  });

  for (const change of ['pause', 'resume', 'remove'] as const satisfies readonly ScheduleChange[]) {
    router.post(`/dashboard/schedules/:id/${change}`, form, async (req, res) => {
      const { session, person } = res.locals.signed as Signed;
      const schedule = await manageable(session.organisationId, person.id, String(req.params.id));
      if (!schedule) return sendNotFound(res);
      if (change === 'remove' && req.body?.confirm !== 'yes')
        return page(
          res,
          t(person.locale, 'plan.remove'),
          removeConfirmBody(person.locale, schedule, describeSchedule(schedule, person.locale)),
        );
      const changed = await changeSchedule(deps, session.organisationId, person.id, schedule.id, change);
      if (!changed.ok) return void res.redirect(303, `/dashboard/schedules?error=${encodeURIComponent(changed.code)}`);
      res.redirect(303, `/dashboard/schedules?notice=${change === 'remove' ? 'removed' : `${change}d`}`);
    });
  }

  async function save(
    req: Request,
    res: Response,
    organisationId: string,
    person: Signed['person'],
    existing: Schedule | null,
  ): Promise<void> {
    const { locale } = person;
    const values = valuesOf(req.body as Record<string, unknown> | undefined);
    const again = (text: string, field: string | null, status: number) =>
      showForm(res, organisationId, person, existing, values, { text, field }, status);
    const uploadError = res.locals.uploadError as string | undefined;
    if (uploadError === 'LIMIT_FILE_SIZE')
      return again(t(locale, 'plan.calendar_too_large', { max: '1 MB' }), 'holidays', 413);
    if (uploadError !== undefined) return again(t(locale, 'plan.bad_calendar'), 'holidays', 400);
    let blackouts: Blackout[] | undefined;
    if (req.file && req.file.size > 0) {
      const read = blackoutsFromICalendar(req.file.buffer.toString('utf8'), { timeZone: values.timeZone });
      if (!read.ok) return again(t(locale, 'plan.bad_calendar'), 'holidays', 400);
      blackouts = read.value;
    } else if (existing && (req.body as Record<string, unknown>)?.holidays_clear === 'yes') blackouts = [];
    const visibility = VISIBILITIES.find((v) => v === values.visibility) ?? null;
    if (visibility === null && values.visibility !== 'template')
      return again(t(locale, 'plan.field.visibility'), 'visibility', 400);
    const input = {
      organisationId,
      actorPersonId: person.id,
      templateId: values.templateId,
      teamIds: values.teamIds,
      plan: {
        weekday: values.weekday,
        time: values.time,
        everyWeeks: values.everyWeeks,
        windowHours: values.windowHours,
      },
      timeZone: values.timeZone,
      visibility,
      shareWhileOpen: values.shareWhileOpen ? true : null,
    };
    const saved = existing
      ? await updateSchedule(deps, { ...input, scheduleId: existing.id, ...(blackouts ? { blackouts } : {}) })
      : await createSchedule(deps, { ...input, blackouts: blackouts ?? [] });
    if (!saved.ok) {
      const refused = scheduleRefusal(locale, saved);
      return again(refused.text, refused.field, saved.code === 'permission.denied' ? 403 : 400);
    }
    res.redirect(303, `/dashboard/schedules?notice=${existing ? 'updated' : 'created'}&schedule=${saved.value.id}`);
  }

  async function showForm(
    res: Response,
    organisationId: string,
    person: Signed['person'],
    schedule: Schedule | null,
    values: ScheduleFormValues,
    error: { text: string; field: string | null } | null,
    status: number,
  ): Promise<void> {
    const { locale } = person;
    const templates = await store.templates.list(organisationId);
    const teams = await plannableTeams(organisationId, person.id);
    const title = t(locale, schedule ? 'plan.title_edit' : 'plan.title_new');
    if (teams.length === 0) return page(res, title, html`<p>${t(locale, 'plan.not_allowed')}</p>`, null, 403);
    if (templates.length === 0) return page(res, title, html`<p>${t(locale, 'plan.no_templates')}</p>`, null, status);
    page(
      res,
      title,
      scheduleFormBody({ locale, schedule, values, templates, teams, invalid: error?.field ?? null }),
      error ? { kind: 'error', text: error.text } : null,
      status,
    );
  }

  /** The teams a person coordinates, directly or through their school or the organisation. */
  async function plannableTeams(organisationId: string, personId: string): Promise<Team[]> {
    const grants = await store.people.roles(organisationId, personId);
    if (!grants.some((g) => g.role === 'coordinator')) return [];
    return (await store.teams.list(organisationId)).filter((team) => holds(grants, 'coordinator', teamContext(team)));
  }

  /** A schedule this person may change, or null (also for one of another organisation: 404 alike). */
  async function manageable(organisationId: string, personId: string, id: string): Promise<Schedule | null> {
    const schedule = await store.schedules.get(organisationId, id);
    if (!schedule) return null;
    const teams = await plannableTeams(organisationId, personId);
    return schedule.teamIds.every((teamId) => teams.some((team) => team.id === teamId)) ? schedule : null;
  }

  return router;
}

function valuesOf(body: Record<string, unknown> | undefined): ScheduleFormValues {
  const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string).trim() : '');
  const teams = body?.teams;
  return {
    templateId: text('template'),
    teamIds: (Array.isArray(teams) ? teams : typeof teams === 'string' ? [teams] : []).map(String),
    weekday: text('weekday'),
    time: text('time'),
    everyWeeks: text('every_weeks'),
    windowHours: text('window_hours'),
    visibility: text('visibility') || 'template',
    shareWhileOpen: text('share_while_open') === 'yes',
    timeZone: text('time_zone') || DEFAULT_TIME_ZONE,
  };
}

function noticeOf(req: Request, locale: Locale, schedules: readonly Schedule[]): Notice | null {
  const notice = req.query.notice;
  const saved = schedules.find((s) => s.id === req.query.schedule);
  if ((notice === 'created' || notice === 'updated') && saved)
    return { kind: 'info', text: t(locale, `plan.${notice}`, { when: describeSchedule(saved, locale) }) };
  if (
    notice === 'created' ||
    notice === 'updated' ||
    notice === 'removed' ||
    notice === 'paused' ||
    notice === 'resumed'
  )
    return {
      kind: 'info',
      text: t(locale, notice === 'created' || notice === 'updated' ? 'dashboard.saved' : `plan.${notice}`),
    };
  if (typeof req.query.error === 'string' && /^[a-z_.]{1,40}$/.test(req.query.error))
    return { kind: 'error', text: t(locale, `error.${req.query.error}`, { field: '', role: '', team: '' }) };
  return null;
}
