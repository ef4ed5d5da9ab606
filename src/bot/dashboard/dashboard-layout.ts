import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';

export type DashboardTab = 'overview' | 'outcomes' | 'schedules' | 'digest' | 'report' | 'privacy' | null;

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  lines?: string[];
}

/**
 * One dashboard page. The same pages serve the browser and the Teams tab (an iframe).
 * `privacy` adds the Privacy link, for the organisation's coordinators only.
 */
export function dashboardPage(options: {
  title: string;
  locale: Locale;
  who: string;
  tab: DashboardTab;
  body: SafeHtml;
  notice?: Notice | null;
  privacy?: boolean;
}): string {
  const { title, locale, who, tab, body, notice, privacy = false } = options;
  const link = (href: string, name: DashboardTab, label: string) =>
    html`<a href="${href}"${name === tab ? html` aria-current="page"` : ''}>${label}</a>`;
  return `<!doctype html>${
    html`<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Vijf Vragen</title><link rel="stylesheet" href="/dashboard/dashboard.css"></head>
<body>
<header class="top"><strong>Vijf Vragen · ${t(locale, 'dashboard.title')}</strong>
<nav>${link('/dashboard', 'overview', t(locale, 'dashboard.nav_overview'))} ${link('/dashboard/outcomes', 'outcomes', t(locale, 'dashboard.nav_outcomes'))} ${link('/dashboard/schedules', 'schedules', t(locale, 'dashboard.nav_schedules'))} ${link('/dashboard/digest', 'digest', t(locale, 'digest.title'))} ${link('/dashboard/report', 'report', t(locale, 'report.nav'))}${privacy ? html` ${link('/dashboard/privacy', 'privacy', t(locale, 'dashboard.nav_privacy'))}` : ''}</nav>
<span class="who">${who}</span></header>
<main>
${notice ? html`<div class="notice ${notice.kind}" role="status" data-testid="notice"><p>${notice.text}</p>${notice.lines && notice.lines.length > 0 ? html`<ul>${notice.lines.map((line) => html`<li>${line}</li>`)}</ul>` : ''}</div>` : ''}
<h1>${title}</h1>
${body}
</main>
</body></html>`.value
  }`;
}

/** Served at /dashboard/dashboard.css: the dashboard does not depend on the web channel's assets. */
export const DASHBOARD_CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
.top{display:flex;gap:1.5rem;align-items:center;padding:.7rem 1.2rem;background:#24476b;color:#fff;flex-wrap:wrap}
.top a{color:#dfe9f3;margin-right:.9rem;text-decoration:none}.top a[aria-current]{color:#fff;font-weight:600;text-decoration:underline}
.who{margin-left:auto;font-size:.9rem}
main{max-width:1100px;margin:0 auto;padding:1rem 1.2rem 3rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}.card h2{margin-top:.2rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e1e5ea;vertical-align:top}
th{background:#eef1f5;font-weight:600}
.card{background:#fff;border:1px solid #e1e5ea;border-radius:6px;padding:.8rem 1rem;margin:.6rem 0}
.phase{display:inline-block;background:#24476b;color:#fff;border-radius:1rem;padding:.1rem .6rem;font-size:.85rem}
.good{color:#256029}.bad{color:#a3331f}.muted{color:#667}
.notice{border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}.notice.info{background:#e6f2e6}.notice.error{background:#fbe6e2}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #c6d2de;font-style:italic}
p.answer{white-space:pre-wrap;margin:.2rem 0;font-style:normal}.notice{background:#eef1f5}
.weeks{display:flex;justify-content:space-between;gap:1rem;margin:.4rem 0}
img.chart{max-width:100%;height:auto;background:#fff;border:1px solid #e1e5ea}
form.inline{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
input,select,button{font:inherit;padding:.25rem .4rem}button{background:#24476b;color:#fff;border:0;border-radius:4px;padding:.35rem .8rem;cursor:pointer}
form.plan{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.5rem 1rem;align-items:center;max-width:42rem;background:#fff;padding:1rem;border:1px solid #e1e5ea;border-radius:6px}
form.plan fieldset,form.plan .check,form.plan small,form.plan button,form.plan ul{grid-column:1/-1}form.plan button{justify-self:start}
form.plan [aria-invalid]{outline:2px solid #a3331f}label.check{display:inline-flex;gap:.4rem;align-items:center;margin-right:1rem}
a.button{display:inline-block;background:#24476b;color:#fff;border-radius:4px;padding:.35rem .8rem;text-decoration:none}
.scroll{overflow-x:auto;max-width:100%}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:520px){form.plan{grid-template-columns:1fr}}
ul.plain{list-style:none;padding-left:0}ul.evidence li{margin:.15rem 0}li.indent{margin-left:1.4rem}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #1f6feb;outline-offset:2px}
main{overflow-wrap:anywhere}figure{margin:.5rem 0}figcaption{font-size:.9rem;color:#4a5563}
@media (max-width:700px){
.top{gap:.4rem 1rem;padding:.6rem .8rem}.top a{margin-right:.6rem}.who{margin-left:0}
main{padding:.8rem .7rem 2rem}
th,td{padding:.3rem .35rem;overflow-wrap:anywhere;hyphens:auto}
table{font-size:.9rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:flex;flex-wrap:wrap;gap:.3rem .5rem;padding:.5rem 0;border-bottom:1px solid #e1e5ea}
table.stack td{display:block;border:0;padding:0}table.stack td:first-child{flex-basis:100%;font-weight:600}
input,select,textarea{max-width:100%;min-width:0}form.inline>*{min-width:0}
}
`;
