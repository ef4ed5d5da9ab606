import { sendNotFound, sendPlain } from '../../http-errors.js';
import express, { type Response, type Router } from 'express';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { isAfter, isIsoWeek, isoWeekOf, nextWeek, previousWeek } from '../../dialogues/digest/iso-week.js';
import type { Locale } from '../../dialogues/model.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';
import { t } from '../../i18n/index.js';
import type { DigestService } from '../../services/digest-service.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Notice } from './dashboard-layout.js';
import { digestHtml } from './digest-html.js';
import type { Signed } from './signed.js';

export interface DigestRoutesOptions {
  deps: DialogueDeps;
  digest: DigestService;
  /** The dashboard's page renderer (layout, navigation, the signed-in person). */
  page: (res: Response, title: string, body: SafeHtml, notice?: Notice | null, status?: number) => void;
}

/** The ISO week it is now in the organisation's time zone. */
export async function currentWeek(deps: DialogueDeps, organisationId: string): Promise<string> {
  const organisation = await deps.store.organisations.get(organisationId);
  return isoWeekOf(deps.clock.now(), organisation?.timeZone ?? DEFAULT_TIME_ZONE);
}

/** The leadership digest as a web page (`/dashboard/digest`), a week at a time, and its chart. */
export function createDigestRoutes(options: DigestRoutesOptions): Router {
  const { deps, digest, page } = options;
  const router = express.Router();

  router.get('/dashboard/digest', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    // A week that is asked for is that week or an error: never silently another one.
    const week = req.query.week === undefined ? undefined : String(req.query.week);
    const built = await digest.build(session.organisationId, person.id, week);
    if (!built.ok && (built.code === 'digest.week_unknown' || built.code === 'digest.week_future'))
      return page(
        res,
        t(person.locale, 'digest.title'),
        html`<p data-testid="week-error">${t(person.locale, `error.${built.code}`, { ...built.details })}</p>
          <p><a href="/dashboard/digest">${t(person.locale, 'digest.latest_week')}</a></p>`,
        null,
        built.code === 'digest.week_unknown' ? 400 : 404,
      );
    if (!built.ok)
      return page(
        res,
        t(person.locale, 'digest.title'),
        html`<p>${t(person.locale, 'dashboard.not_allowed')}</p>`,
        null,
        403,
      );
    // The chart's figures are its text alternative on the page (and say so when there are none).
    const figures = await digest.chartFigures(session.organisationId, person.id, built.value.week);
    page(
      res,
      `${t(person.locale, 'digest.title')} ${built.value.week}`,
      html`${weekNavigation(built.value.week, await currentWeek(deps, session.organisationId), person.locale)}
      ${digestHtml(built.value, person.locale, figures && { src: `/dashboard/digest/chart.png?week=${built.value.week}`, figures })}`,
    );
  });

  router.get('/dashboard/digest/chart.png', async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const current = await currentWeek(deps, session.organisationId);
    const week = req.query.week === undefined ? current : String(req.query.week);
    if (!isIsoWeek(week) || isAfter(week, current)) return void sendPlain(res, 400, 'http.bad_week');
    const png = await digest.chart(session.organisationId, person.id, week);
    if (!png) return sendNotFound(res);
    res.type('png').set('cache-control', 'private, max-age=60').send(png);
  });

  return router;
}

/** Previous and next week of the digest page; no next link past the current week. */
function weekNavigation(week: string, current: string, locale: Locale): SafeHtml {
  const next = nextWeek(week);
  return html`<nav class="weeks" aria-label="${t(locale, 'digest.weeks_nav')}" data-testid="week-nav">
    <a rel="prev" href="/dashboard/digest?week=${previousWeek(week)}"
      >← ${t(locale, 'digest.week_label', { week: previousWeek(week) })}</a
    >
    ${
      isAfter(next, current)
        ? ''
        : html`<a rel="next" href="/dashboard/digest?week=${next}"
            >${t(locale, 'digest.week_label', { week: next })} →</a
          >`
    }
  </nav>`;
}
