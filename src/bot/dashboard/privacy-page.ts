import type { Identity, Locale, Person } from '../../dialogues/model.js';
import type { ErasureReport } from '../../dialogues/privacy/index.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { html, type SafeHtml } from '../web/html.js';

export interface PrivacyView {
  locale: Locale;
  retentionDays: number | null;
  maxRetentionDays: number;
  query: string;
  people: { person: Person; identities: Identity[] }[];
  /** More people matched than are listed. */
  truncated: boolean;
}

/** Every count of an erasure, in the order shown; a count added to the report must get a label here. */
const COUNT_LABELS: Record<keyof ErasureReport, MessageKey> = {
  replies: 'dashboard.privacy_count_replies',
  identities: 'dashboard.privacy_count_identities',
  roles: 'dashboard.privacy_count_roles',
  deliveries: 'dashboard.privacy_count_deliveries',
  auditEntries: 'dashboard.privacy_count_audit',
  actionsUnassigned: 'dashboard.privacy_count_actions_unassigned',
  actionsUnlinked: 'dashboard.privacy_count_actions_unlinked',
  roundsUnlinked: 'dashboard.privacy_count_rounds_unlinked',
  teamsConversations: 'dashboard.privacy_count_teams_chats',
  invitationsUnlinked: 'dashboard.privacy_count_invitations',
  deliveriesScrubbed: 'dashboard.privacy_count_scrubbed',
};

const identityText = (i: Identity) => `${i.platform}: ${i.userId}${i.workspaceId ? ` (${i.workspaceId})` : ''}`;

/** The privacy page: the retention period and a person search with export and erase per person. */
export function privacyBody(view: PrivacyView): SafeHtml {
  const { locale } = view;
  const current =
    view.retentionDays === null
      ? t(locale, 'dashboard.privacy_retention_off')
      : t(locale, 'dashboard.privacy_retention_current', { days: view.retentionDays });
  return html`<h2>${t(locale, 'dashboard.privacy_retention_title')}</h2>
<p data-testid="retention">${current}</p>
<form method="post" action="/dashboard/privacy/retention" class="inline">
<label>${t(locale, 'dashboard.privacy_retention_days', { max: view.maxRetentionDays })} <input type="number" name="days" min="1" max="${view.maxRetentionDays}" step="1" required value="${view.retentionDays ?? ''}"></label>
<button type="submit">${t(locale, 'dashboard.privacy_retention_save')}</button></form>
${view.retentionDays === null ? '' : html`<form method="post" action="/dashboard/privacy/retention" class="inline"><input type="hidden" name="days" value="off"><button type="submit">${t(locale, 'dashboard.privacy_retention_clear')}</button></form>`}
<h2>${t(locale, 'dashboard.privacy_people_title')}</h2>
<form method="get" action="/dashboard/privacy" class="inline" role="search">
<label>${t(locale, 'dashboard.privacy_search')} <input type="search" name="q" value="${view.query}"></label>
<button type="submit">${t(locale, 'dashboard.privacy_search_button')}</button></form>
<p class="muted">${t(locale, 'dashboard.privacy_export_help')}</p>
${
  view.people.length === 0
    ? html`<p>${t(locale, 'dashboard.privacy_none')}</p>`
    : html`<table data-testid="people"><thead><tr><th>${t(locale, 'dashboard.privacy_name')}</th><th>${t(locale, 'dashboard.privacy_identities')}</th><th></th></tr></thead>
<tbody>${view.people.map(
        ({
          person,
          identities,
        }) => html`<tr data-person="${person.id}"><td>${person.displayName}${person.email ? html`<br><span class="muted">${person.email}</span>` : ''}</td>
<td>${identities.length === 0 ? '—' : html`<ul class="plain">${identities.map((i) => html`<li><code>${identityText(i)}</code></li>`)}</ul>`}</td>
<td><form method="post" action="/dashboard/privacy/people/${encodeURIComponent(person.id)}/export" class="inline"><button type="submit">${t(locale, 'dashboard.privacy_export')}</button></form>
<a href="/dashboard/privacy/people/${encodeURIComponent(person.id)}/erase">${t(locale, 'dashboard.privacy_erase')}</a></td></tr>`,
      )}</tbody></table>`
}
${view.truncated ? html`<p class="muted">${t(locale, 'dashboard.privacy_more', { count: view.people.length })}</p>` : ''}`;
}

/** The second step of an erasure: what goes, and the person's name typed to confirm. */
export function eraseConfirmBody(locale: Locale, person: Person, identities: Identity[]): SafeHtml {
  return html`<p>${t(locale, 'dashboard.privacy_erase_warning')}</p>
${identities.length === 0 ? '' : html`<ul class="plain">${identities.map((i) => html`<li><code>${identityText(i)}</code></li>`)}</ul>`}
<form method="post" action="/dashboard/privacy/people/${encodeURIComponent(person.id)}/erase">
<p><label>${t(locale, 'dashboard.privacy_erase_confirm', { name: person.displayName })}<br><input type="text" name="confirm" autocomplete="off" required></label></p>
<button type="submit">${t(locale, 'dashboard.privacy_erase_button')}</button> <a href="/dashboard/privacy">${t(locale, 'dashboard.privacy_back')}</a></form>`;
}

/** What an erasure removed or changed, count by count. */
export function erasedBody(locale: Locale, report: ErasureReport): SafeHtml {
  const rows = (Object.keys(COUNT_LABELS) as (keyof ErasureReport)[]).map(
    (key) => html`<tr data-count="${key}"><td>${t(locale, COUNT_LABELS[key])}</td><td>${report[key]}</td></tr>`,
  );
  return html`<table data-testid="erased"><tbody>${rows}</tbody></table><p><a href="/dashboard/privacy">${t(locale, 'dashboard.privacy_back')}</a></p>`;
}
