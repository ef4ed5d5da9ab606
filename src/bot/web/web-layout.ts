import { t } from '../../i18n/index.js';
import type { Locale } from '../../dialogues/model.js';
import { html, type SafeHtml } from './html.js';
import { flashHtml, type Flash } from './web-flash.js';

export function layout(options: {
  title: string;
  locale: Locale;
  who?: string | null;
  nav?: SafeHtml;
  body: SafeHtml;
  flash?: Flash | null;
}): string {
  const { title, locale, who, nav, body, flash } = options;
  return `<!doctype html>${
    html`<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Vijf Vragen</title><link rel="stylesheet" href="/web/assets/web.css"></head>
<body>
<header class="top"><a href="/web"><strong>Vijf Vragen</strong></a><span>${t(locale, 'web.local_channel')}</span>
${who ? html`<span class="who">${who} · <a href="/">${t(locale, 'web.switch_person')}</a></span>` : ''}</header>
<div class="layout">${nav ?? html`<nav class="channels"></nav>`}<main>
${flash ? flashHtml(flash) : ''}
${body}
</main></div>
<script src="/web/assets/web.js"></script>
</body></html>`.value
  }`;
}
