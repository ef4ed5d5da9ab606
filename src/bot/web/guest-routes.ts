import express, { type Response, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { addOutsideView, openGuestPage, type GuestPage } from '../../dialogues/guests/guest-view.js';
import type { Locale } from '../../dialogues/model.js';
import { questionWording, t, type MessageKey } from '../../i18n/index.js';
import { guestTokenFailure, verifyGuest } from './guest-check.js';
import { MAX_REPLY_CHARS } from '../../dialogues/limits.js';
import { html, type SafeHtml } from './html.js';
import { textField } from './text-field.js';

/**
 * The outside reviewer's page: `GET /guest/:token` shows the round's summary without names and
 * a form; `POST /guest/:token` stores their view as an `outside_view` answer. No account and no
 * cookie: the signed link is the credential, so the page never leaks it onward (no referrer)
 * and is never cached.
 */
export function guestRoutes(deps: DialogueDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '32kb' });

  const assets = fileURLToPath(new URL('./assets/', import.meta.url));
  router.get(['/guest/assets/web.css', '/guest/assets/web.js'], (req, res) =>
    res
      .set('Cache-Control', 'public, max-age=3600')
      .sendFile(req.path.slice('/guest/assets/'.length), { root: assets }),
  );

  router.get('/guest/:token', async (req, res) => {
    const guest = await verifyGuest(deps, req.params.token);
    if (!guest.ok) return void refuse(res, guest.status, guest.locale, guest.reason);
    const page = await openGuestPage(deps, guest.organisationId, guest.invitationId);
    if (!page.ok) return void refuse(res, 410, guest.locale, page.code);
    send(
      res,
      200,
      guest.locale,
      t(guest.locale, 'guest.title', { theme: page.value.round.theme || page.value.teamName }),
      pageBody(page.value, guest.locale, null),
    );
  });

  router.post('/guest/:token', form, async (req, res) => {
    const guest = await verifyGuest(deps, req.params.token);
    if (!guest.ok) return void refuse(res, guest.status, guest.locale, guest.reason);
    const text = typeof req.body?.view === 'string' ? req.body.view : '';
    // Over the address's rate limit (rate-limits.ts lets the post through, marked): refused, with the text kept.
    const added = res.locals.rateLimited
      ? ({ ok: false, code: 'rate_limited', details: {} } as const)
      : await addOutsideView(deps, guest.organisationId, guest.invitationId, text);
    if (!added.ok && LINK_GONE.has(added.code)) return void refuse(res, 410, guest.locale, added.code);
    const page = await openGuestPage(deps, guest.organisationId, guest.invitationId);
    if (!page.ok) return void refuse(res, 410, guest.locale, page.code);
    const refused = added.ok ? null : (REFUSED[added.code] ?? { key: 'guest.empty', status: 400 });
    const flash = refused
      ? { kind: 'error' as const, text: t(guest.locale, refused.key, added.ok ? {} : added.details) }
      : { kind: 'info' as const, text: t(guest.locale, 'guest.thanks') };
    send(
      res,
      refused?.status ?? 200,
      guest.locale,
      t(guest.locale, 'guest.title', { theme: page.value.round.theme || page.value.teamName }),
      pageBody(page.value, guest.locale, flash, added.ok ? '' : text),
    );
  });

  return router;
}

function pageBody(
  page: GuestPage,
  locale: Locale,
  flash: { kind: 'info' | 'error'; text: string } | null,
  kept = '',
): SafeHtml {
  return html`<p>${t(locale, 'guest.intro', { name: page.invitation.name, team: page.teamName })}</p>
    ${flash ? html`<p class="flash ${flash.kind === 'error' ? 'error' : ''}" role="status">${flash.text}</p>` : ''}
    ${page.questions.map(
      (q) =>
        html`<section class="card">
          <h2>${questionWording(q.key, locale)}</h2>
          <p class="count">${t(locale, 'guest.question_count', { count: q.count })}</p>
          ${
            q.texts.length > 0
              ? html`<ul>
                  ${q.texts.map((text) => html`<li>${text}</li>`)}
                </ul>`
              : q.count === 0
                ? html`<p>${t(locale, 'guest.no_answers')}</p>`
                : ''
          }
        </section>`,
    )}
    ${
      page.outsideViews.length > 0
        ? html`<section class="card">
            <h2>${t(locale, 'guest.earlier')}</h2>
            <ul>
              ${page.outsideViews.map((v) => html`<li><strong>${v.name}</strong>: ${v.text}</li>`)}
            </ul>
          </section>`
        : ''
    }
    <form method="post" class="card" ${kept ? html`data-draft="yes"` : ''}>
      <label class="q" for="view">${t(locale, 'guest.your_view')}</label>
      ${textField({ id: 'view', name: 'view', max: MAX_REPLY_CHARS, locale, multiline: true, rows: 8, required: true, value: kept })}
      <p><button type="submit">${t(locale, 'guest.submit')}</button></p>
    </form>`;
}

/** Refusals that mean the link itself leads nowhere any more: the page says so instead of the form. */
const LINK_GONE = new Set(['guest.revoked', 'guest.expired', 'guest.not_found', 'round.not_found']);

/** What a guest is told, and with which status, when their view is refused; otherwise it was empty (400). */
const REFUSED: Partial<Record<string, { key: MessageKey; status: number }>> = {
  'reply.too_long': { key: 'guest.too_long', status: 400 },
  'guest.view_limit': { key: 'guest.view_limit', status: 429 },
  rate_limited: { key: 'http.too_many', status: 429 },
};

/** The page for a link that leads nowhere (any more): forged, expired, revoked, its round gone. */
function refuse(res: Response, status: number, locale: Locale, reason: string): void {
  send(res, status, locale, t(locale, 'guest.invalid'), guestTokenFailure(locale, reason));
}

function send(res: Response, status: number, locale: Locale, title: string, body: SafeHtml): void {
  res.status(status);
  res.set({
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  });
  // Styled like the web channel and the dashboard, from this router's own copy of the assets, so
  // the page works whether or not the local web channel is switched on.
  res.type('html').send(
    `<!doctype html>${
      html`<html lang="${locale}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title} · Vijf Vragen</title>
          <link rel="stylesheet" href="/guest/assets/web.css" />
        </head>
        <body>
          <header class="top"><strong>Vijf Vragen</strong><span>${t(locale, 'guest.header')}</span></header>
          <main class="guest">
            <h1>${title}</h1>
            ${body}
          </main>
          <script src="/guest/assets/web.js"></script>
        </body>
      </html>`.value
    }`,
  );
}
