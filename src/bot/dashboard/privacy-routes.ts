import { sendNotFound } from '../../http-errors.js';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Person } from '../../dialogues/model.js';
import { erasePerson, exportPerson, MAX_RETENTION_DAYS, setRetention } from '../../dialogues/privacy/index.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Notice } from './dashboard-layout.js';
import type { Signed } from './signed.js';
import { eraseConfirmBody, erasedBody, privacyBody } from './privacy-page.js';

/** A page is long enough to find someone; a longer list means the search should be narrower. */
const MAX_LISTED = 50;

export interface PrivacyRoutesOptions {
  deps: DialogueDeps;
  /** The dashboard's page renderer (layout, navigation, the signed-in person). */
  page: (res: Response, title: string, body: SafeHtml, notice?: Notice | null, status?: number) => void;
}

/**
 * The privacy page (`/dashboard/privacy`) for the organisation's coordinators: the retention
 * period, and one person's export or erasure through the same use cases as the CLI, with the
 * signed-in coordinator as the audited actor. Everyone else gets 403; a person of another
 * organisation is 404. The dashboard's same-origin check covers these posts too.
 */
export function createPrivacyRoutes(options: PrivacyRoutesOptions): Router {
  const { deps, page } = options;
  const { store } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  router.use('/dashboard/privacy', (_req: Request, res: Response, next: NextFunction) => {
    const { person, managesPrivacy } = res.locals.signed as Signed;
    if (managesPrivacy) return next();
    page(
      res,
      t(person.locale, 'dashboard.nav_privacy'),
      htmlText(t(person.locale, 'dashboard.not_allowed')),
      null,
      403,
    );
  });

  router.get('/dashboard/privacy', async (req, res) => {
    const { person } = res.locals.signed as Signed;
    const notice: Notice | null =
      req.query.notice === 'retention'
        ? { kind: 'info', text: t(person.locale, 'dashboard.privacy_retention_saved') }
        : null;
    await overview(req, res, notice, 200);
  });

  router.post('/dashboard/privacy/retention', form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const days = parseDays(req.body?.days);
    const set =
      days === undefined
        ? null
        : await setRetention(deps, { organisationId: session.organisationId, days, actorPersonId: person.id });
    if (set?.ok) return void res.redirect(303, '/dashboard/privacy?notice=retention');
    const text =
      !set || set.code === 'input.invalid'
        ? t(person.locale, 'dashboard.privacy_retention_invalid', { max: MAX_RETENTION_DAYS })
        : t(person.locale, `error.${set.code}`, set.details);
    await overview(req, res, { kind: 'error', text }, set && set.code === 'permission.denied' ? 403 : 400);
  });

  router.post('/dashboard/privacy/people/:id/export', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const exported = await exportPerson(deps, session.organisationId, String(req.params.id), {
      actorPersonId: person.id,
    });
    if (!exported.ok)
      return void (exported.code === 'person.not_found'
        ? sendNotFound(res)
        : page(
            res,
            t(person.locale, 'dashboard.nav_privacy'),
            htmlText(t(person.locale, 'dashboard.not_allowed')),
            null,
            403,
          ));
    const file = `vijfvragen-person-${exported.value.person.id.replace(/[^A-Za-z0-9_-]/g, '')}.json`;
    res
      .status(200)
      .set({
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      .send(JSON.stringify(exported.value, null, 2));
  });

  router.get('/dashboard/privacy/people/:id/erase', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const target = await store.people.get(session.organisationId, String(req.params.id));
    if (!target) return sendNotFound(res);
    await confirmPage(res, person, target, null, 200);
  });

  router.post('/dashboard/privacy/people/:id/erase', form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const { locale } = person;
    const target = await store.people.get(session.organisationId, String(req.params.id));
    if (!target) return sendNotFound(res);
    if (!sameName(req.body?.confirm, target.displayName)) {
      return confirmPage(
        res,
        person,
        target,
        { kind: 'error', text: t(locale, 'dashboard.privacy_erase_mismatch') },
        400,
      );
    }
    const erased = await erasePerson(deps, {
      organisationId: session.organisationId,
      personId: target.id,
      actorPersonId: person.id,
    });
    if (!erased.ok) {
      if (erased.code === 'person.not_found') return sendNotFound(res);
      if (erased.code === 'person.last_coordinator')
        return confirmPage(
          res,
          person,
          target,
          { kind: 'error', text: t(locale, `error.${erased.code}`, erased.details) },
          409,
        );
      return page(
        res,
        t(locale, 'dashboard.nav_privacy'),
        htmlText(t(locale, `error.${erased.code}`, erased.details)),
        null,
        403,
      );
    }
    page(res, t(locale, 'dashboard.privacy_title'), erasedBody(locale, erased.value), {
      kind: 'info',
      text: t(locale, 'dashboard.privacy_erased', { name: target.displayName }),
    });
  });

  async function overview(req: Request, res: Response, notice: Notice | null, status: number): Promise<void> {
    const { session, person } = res.locals.signed as Signed;
    const organisation = await store.organisations.get(session.organisationId);
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const needle = fold(query.trim());
    const matches = (await store.people.list(session.organisationId))
      .filter(
        (p) =>
          needle === '' ||
          p.id === query.trim() ||
          fold(p.displayName).includes(needle) ||
          fold(p.email ?? '').includes(needle),
      )
      .sort((a, b) => a.displayName.localeCompare(b.displayName, person.locale));
    const listed = matches.slice(0, MAX_LISTED);
    const people = await Promise.all(
      listed.map(async (p) => ({ person: p, identities: await store.people.identities(session.organisationId, p.id) })),
    );
    const body = privacyBody({
      locale: person.locale,
      retentionDays: organisation?.retentionDays ?? null,
      maxRetentionDays: MAX_RETENTION_DAYS,
      query,
      people,
      truncated: matches.length > listed.length,
    });
    page(res, t(person.locale, 'dashboard.privacy_title'), body, notice, status);
  }

  async function confirmPage(
    res: Response,
    viewer: Person,
    target: Person,
    notice: Notice | null,
    status: number,
  ): Promise<void> {
    const identities = await store.people.identities(target.organisationId, target.id);
    page(
      res,
      t(viewer.locale, 'dashboard.privacy_erase_title', { name: target.displayName }),
      eraseConfirmBody(viewer.locale, target, identities),
      notice,
      status,
    );
  }

  return router;
}

/** "off" turns retention off; otherwise whole days (bounds are the use case's). Undefined: not a number at all. */
function parseDays(value: unknown): number | null | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'off') return null;
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** The typed confirmation matches the name, ignoring case and extra spaces. */
function sameName(typed: unknown, name: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');
  return typeof typed === 'string' && norm(typed) !== '' && norm(typed) === norm(name);
}

/** Case and accents do not matter when searching: "coordinator" finds "Coördinator". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('nl');
}

function htmlText(text: string): SafeHtml {
  return html`<p>${text}</p>`;
}
