import express, { type Response, type Router } from 'express';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { addOutsideView, openGuestPage, type GuestPage } from '../../dialogues/guests/guest-view.js';
import type { Locale } from '../../dialogues/model.js';
import { questionWording, t } from '../../i18n/index.js';
import { guestTokenFailure, verifyGuest } from './guest-check.js';
import { html, type SafeHtml } from './html.js';

/**
 * The outside reviewer's page: `GET /guest/:token` shows the round's summary without names and
 * a form; `POST /guest/:token` stores their view as an `outside_view` answer. No account and no
 * cookie: the signed link is the credential, so the page never leaks it onward (no referrer)
 * and is never cached.
 */
export function guestRoutes(deps: DialogueDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '32kb' });

  router.get('/guest/:token', async (req, res) => {
    const guest = await verifyGuest(deps, req.params.token);
    if (!guest.ok) return void send(res, guest.status, guest.locale, t(guest.locale, 'guest.invalid'), guestTokenFailure(guest.locale, guest.reason));
    const page = await openGuestPage(deps, guest.organisationId, guest.invitationId);
    if (!page.ok) return void send(res, 410, guest.locale, t(guest.locale, 'guest.invalid'), guestTokenFailure(guest.locale, page.code));
    send(res, 200, guest.locale, t(guest.locale, 'guest.title', { theme: page.value.round.theme || page.value.teamName }), pageBody(page.value, guest.locale, null));
  });

  router.post('/guest/:token', form, async (req, res) => {
    const guest = await verifyGuest(deps, req.params.token);
    if (!guest.ok) return void send(res, guest.status, guest.locale, t(guest.locale, 'guest.invalid'), guestTokenFailure(guest.locale, guest.reason));
    const text = typeof req.body?.view === 'string' ? req.body.view : '';
    const added = await addOutsideView(deps, guest.organisationId, guest.invitationId, text);
    if (!added.ok && (added.code === 'guest.revoked' || added.code === 'guest.expired' || added.code === 'guest.not_found' || added.code === 'round.not_found')) {
      return void send(res, 410, guest.locale, t(guest.locale, 'guest.invalid'), guestTokenFailure(guest.locale, added.code));
    }
    const page = await openGuestPage(deps, guest.organisationId, guest.invitationId);
    if (!page.ok) return void send(res, 410, guest.locale, t(guest.locale, 'guest.invalid'), guestTokenFailure(guest.locale, page.code));
    const flash = added.ok
      ? { kind: 'info' as const, text: t(guest.locale, 'guest.thanks') }
      : { kind: 'error' as const, text: added.code === 'reply.too_long' ? t(guest.locale, 'guest.too_long', added.details) : t(guest.locale, 'guest.empty') };
    send(res, added.ok ? 200 : 400, guest.locale, t(guest.locale, 'guest.title', { theme: page.value.round.theme || page.value.teamName }), pageBody(page.value, guest.locale, flash));
  });

  return router;
}

function pageBody(page: GuestPage, locale: Locale, flash: { kind: 'info' | 'error'; text: string } | null): SafeHtml {
  return html`<p>${t(locale, 'guest.intro', { name: page.invitation.name, team: page.teamName })}</p>
${flash ? html`<p class="flash ${flash.kind}" role="status">${flash.text}</p>` : ''}
${page.questions.map((q) => html`<section><h2>${questionWording(q.key, locale)}</h2><p class="count">${t(locale, 'guest.question_count', { count: q.count })}</p>
${q.texts.length > 0 ? html`<ul>${q.texts.map((text) => html`<li>${text}</li>`)}</ul>` : q.count === 0 ? html`<p>${t(locale, 'guest.no_answers')}</p>` : ''}</section>`)}
${page.outsideViews.length > 0 ? html`<section><h2>${t(locale, 'guest.earlier')}</h2><ul>${page.outsideViews.map((v) => html`<li><strong>${v.name}</strong>: ${v.text}</li>`)}</ul></section>` : ''}
<form method="post"><label for="view">${t(locale, 'guest.your_view')}</label>
<textarea id="view" name="view" rows="8" maxlength="4000" required></textarea>
<button type="submit">${t(locale, 'guest.submit')}</button></form>`;
}

function send(res: Response, status: number, locale: Locale, title: string, body: SafeHtml): void {
  res.status(status);
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" });
  res.type('html').send(`<!doctype html>${html`<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Vijf Vragen</title><style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
textarea{width:100%}.flash{padding:.5rem;border-radius:4px;background:#e8f4ea}.flash.error{background:#fbe9e9}.count{color:#555}</style></head>
<body><h1>${title}</h1>${body}</body></html>`.value}`);
}
