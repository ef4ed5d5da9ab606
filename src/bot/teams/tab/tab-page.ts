import type { Locale } from '../../../dialogues/model.js';
import { t } from '../../../i18n/index.js';
import { html } from '../../web/html.js';

/**
 * The Teams tab page. It loads @microsoft/teams-js from our own server (no CDN, no build step)
 * and `tab.js`, which decides within moments whether it runs inside Teams: outside a host
 * (a plain browser tab) it shows the web sign-in route at once; inside, it exchanges the Teams
 * SSO token for a session and opens the dashboard.
 */
export function tabPage(locale: Locale, scope: 'personal' | 'team' | 'config'): string {
  const texts = {
    outside: t(locale, 'teams.tab_outside'),
    failed: t(locale, 'teams.tab_failed'),
    unknown: t(locale, 'teams.tab_unknown_person'),
    dashboard: t(locale, 'teams.digest_dashboard'),
  };
  // JSON in a script element: `<` is escaped so no text can close the element.
  const data = JSON.stringify(texts).replace(/</g, '\\u003c');
  return `<!doctype html>${
    html`<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(locale, 'teams.tab_title')}</title><link rel="stylesheet" href="/web/assets/web.css"></head>
<body data-scope="${scope}">
<main class="tab">
<h1>${t(locale, 'teams.tab_title')}</h1>
<p id="tab-status" role="status">${t(locale, 'teams.tab_loading')}</p>
<p id="tab-fallback" hidden><a id="tab-dashboard" href="/dashboard">${texts.dashboard}</a></p>
</main>
<script id="tab-texts" type="application/json">`.value
  }${data}</script>
<script src="/teams/tab/assets/teams-js.min.js"></script>
<script src="/teams/tab/assets/tab.js"></script>
</body></html>`;
}
