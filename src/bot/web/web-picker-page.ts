import type { Organisation, Person, RoleGrant } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from './html.js';

/** Local mode only: pick who you are. There is no password because only this computer can reach it. */
export function pickerBody(groups: { organisation: Organisation; people: { person: Person; grants: RoleGrant[] }[] }[]): SafeHtml {
  return html`<h1>Wie ben je?</h1>
<p class="meta">Het lokale webkanaal is alleen bereikbaar vanaf deze computer. Kies een persoon om als die persoon rondes te zien en te beantwoorden.</p>
${groups.map(({ organisation, people }) => html`<h2>${organisation.name}</h2><div class="people">
${people.map(({ person, grants }) => html`<form method="post" action="/web/signin"><input type="hidden" name="organisationId" value="${organisation.id}"><input type="hidden" name="personId" value="${person.id}">
<button type="submit" data-person="${person.displayName}">${person.displayName}<span class="roles">${[...new Set(grants.map((g) => t(person.locale, `role.${g.role}`)))].join(', ')}</span></button></form>`)}
</div>`)}`;
}
