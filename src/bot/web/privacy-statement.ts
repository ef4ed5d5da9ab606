import express, { type Request, type Router } from 'express';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../../dialogues/limits.js';
import type { Locale, Organisation } from '../../dialogues/model.js';
import { isLocale, t } from '../../i18n/index.js';
import { html, type SafeHtml } from './html.js';
import { readSession } from './session.js';

/**
 * The privacy statement and terms of use that the Teams manifest points to (`/privacy`,
 * `/terms`). Public pages: they must open before anyone has signed in. The statement is built
 * from the organisation's own settings (retention, minimum group size) when the reader's
 * organisation is known (signed in, or the only one on this server), else from the defaults.
 * Dutch or English: `?lang=`, else the organisation's language, else the browser's.
 */
export function privacyStatementRoutes(deps: DialogueDeps, tokenSecret: string): Router {
  const router = express.Router();

  async function organisationFor(req: Request): Promise<Organisation | null> {
    const session = await readSession(req, tokenSecret);
    if (session) return deps.store.organisations.get(session.organisationId);
    const all = await deps.store.organisations.list();
    return all.length === 1 ? (all[0] ?? null) : null;
  }

  function localeFor(req: Request, organisation: Organisation | null): Locale {
    if (isLocale(req.query.lang)) return req.query.lang;
    if (organisation) return organisation.locale;
    return (req.acceptsLanguages('nl', 'en') || 'nl') as Locale;
  }

  router.get('/privacy', async (req, res) => {
    const organisation = await organisationFor(req);
    const locale = localeFor(req, organisation);
    const min = organisation
      ? ((await deps.store.digests.minGroupSize(organisation.id)) ?? deps.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE)
      : (deps.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE);
    const days = organisation?.retentionDays ?? null;
    const body = html`<p>
        ${
          organisation
            ? t(locale, 'statement.for_organisation', { name: organisation.name })
            : t(locale, 'statement.for_everyone')
        }
      </p>
      <section class="card">
        <h2>${t(locale, 'statement.what_title')}</h2>
        <p>${t(locale, 'statement.what')}</p>
      </section>
      <section class="card" data-testid="who-sees">
        <h2>${t(locale, 'statement.who_title')}</h2>
        <ul>
          <li>${t(locale, 'statement.who_named')}</li>
          <li>${t(locale, 'statement.who_anonymous', { min })}</li>
          <li>${t(locale, 'statement.who_leaders')}</li>
          <li>${t(locale, 'statement.who_digest', { min })}</li>
          <li>${t(locale, 'statement.who_guest')}</li>
        </ul>
        <p data-testid="min-group">${t(locale, 'statement.min_group', { min })}</p>
      </section>
      <section class="card">
        <h2>${t(locale, 'statement.retention_title')}</h2>
        <p data-testid="retention">
          ${days === null ? t(locale, 'statement.retention_none') : t(locale, 'statement.retention_days', { days })}
        </p>
      </section>
      <section class="card">
        <h2>${t(locale, 'statement.rights_title')}</h2>
        <p>${t(locale, 'statement.rights')}</p>
      </section>`;
    res.type('html').send(page(locale, t(locale, 'statement.privacy_title'), '/privacy', body));
  });

  router.get('/terms', async (req, res) => {
    const locale = localeFor(req, await organisationFor(req));
    const body = html`<section class="card"><p>${t(locale, 'statement.terms_body')}</p></section>`;
    res.type('html').send(page(locale, t(locale, 'statement.terms_title'), '/terms', body));
  });

  return router;
}

function page(locale: Locale, title: string, path: string, body: SafeHtml): string {
  const other: Locale = locale === 'nl' ? 'en' : 'nl';
  // The stylesheet is the guest router's copy of the web channel's, served whichever channels are on.
  return `<!doctype html>${
    html`<html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Vijf Vragen</title>
        <link rel="stylesheet" href="/guest/assets/web.css" />
      </head>
      <body>
        <header class="top"><strong>Vijf Vragen</strong><span>${title}</span></header>
        <main class="guest">
          <h1>${title}</h1>
          ${body}
          <p><a href="${path}?lang=${other}" hreflang="${other}" lang="${other}">${t(locale, 'statement.other_language')}</a></p>
        </main>
      </body>
    </html>`.value
  }`;
}
