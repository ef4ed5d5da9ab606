import type { Locale, Organisation, Person, RoleGrant } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from './html.js';

export interface PickerGroup {
  organisation: Organisation;
  people: { person: Person; grants: RoleGrant[] }[];
  /** Names of the organisation's teams and schools by id, to say where each role holds. */
  teamNames: ReadonlyMap<string, string>;
  schoolNames: ReadonlyMap<string, string>;
}

/** Local mode only: pick who you are. There is no password because only this computer can reach it. */
export function pickerBody(groups: PickerGroup[], locale: Locale): SafeHtml {
  return html`<h1>${t(locale, 'web.picker_title')}</h1>
    <p class="meta">${t(locale, 'web.picker_intro')}</p>
    ${groups.map(
      (group) =>
        html`<h2>${group.organisation.name}</h2>
          <div class="people">
            ${[...group.people]
              .sort((a, b) => a.person.displayName.localeCompare(b.person.displayName, locale))
              .map(
                ({ person, grants }) =>
                  html`<form method="post" action="/web/signin">
                    <input type="hidden" name="organisationId" value="${group.organisation.id}" /><input
                      type="hidden"
                      name="personId"
                      value="${person.id}"
                    />
                    <button type="submit" data-person="${person.displayName}">
                      ${person.displayName}<span class="roles">${rolesLine(group, grants, locale)}</span>
                    </button>
                  </form>`,
              )}
          </div>`,
    )}`;
}

/** "coördinator (hele organisatie) · teamlid: Groep 3-5, Groep 6-8", or "geen team". */
function rolesLine(group: PickerGroup, grants: RoleGrant[], locale: Locale): string {
  const byRole = new Map<string, string[]>();
  for (const grant of grants) {
    const where =
      grant.scope.kind === 'organisation'
        ? t(locale, 'web.picker_organisation')
        : grant.scope.kind === 'school'
          ? (group.schoolNames.get(grant.scope.schoolId) ?? '?')
          : (group.teamNames.get(grant.scope.teamId) ?? '?');
    const list = byRole.get(grant.role) ?? [];
    list.push(where);
    byRole.set(grant.role, list);
  }
  if (byRole.size === 0) return t(locale, 'web.picker_no_team');
  return [...byRole]
    .map(([role, places]) => `${t(locale, `role.${role as 'member'}`)}: ${[...new Set(places)].sort().join(', ')}`)
    .join(' · ');
}
