import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Role, RoleGrant, Scope } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import type { CommandContext, CommandReply, ListItem } from './command-reply.js';

/** A scope with the name it is shown by. */
export interface NamedScope {
  scope: Scope;
  name: string;
}

/** "van de organisatie Stichting X", "van school De Linde", "van team Groep 7". */
export function scopeText(locale: Locale, named: NamedScope): string {
  return t(locale, `admin.scope_${named.scope.kind}`, { name: named.name });
}

const ORDER: readonly Role[] = ['coordinator', 'leader', 'member'];
/** Members of a big team are named up to this many; the rest are counted. */
const NAMES_PER_TEAM = 20;

/**
 * `rollen`: who holds which role. Coordinators and leaders (and any grant wider than one team)
 * one line per person; team members one line per team, since there are many of them.
 */
export async function listRoles(deps: DialogueDeps, ctx: CommandContext): Promise<CommandReply> {
  const { store } = deps;
  const { locale, organisationId } = ctx;
  const organisation = await store.organisations.get(organisationId);
  const people = new Map((await store.people.list(organisationId)).map((p) => [p.id, p.displayName]));
  const schools = new Map((await store.schools.list(organisationId)).map((s) => [s.id, s.name]));
  const teams = (await store.teams.list(organisationId)).sort((a, b) => a.name.localeCompare(b.name));
  const grants = (await Promise.all(ORDER.map((role) => store.people.listByRole(organisationId, role))))
    .flat()
    .filter((g) => people.has(g.personId));
  const nameOf = (scope: Scope): string =>
    scope.kind === 'organisation'
      ? (organisation?.name ?? organisationId)
      : scope.kind === 'school'
        ? (schools.get(scope.schoolId) ?? scope.schoolId)
        : (teams.find((team) => team.id === scope.teamId)?.name ?? scope.teamId);
  const describe = (g: RoleGrant) =>
    `${t(locale, `role.${g.role}`)} ${scopeText(locale, { scope: g.scope, name: nameOf(g.scope) })}`;

  const isTeamMember = (g: RoleGrant) => g.role === 'member' && g.scope.kind === 'team';
  const byPerson = new Map<string, RoleGrant[]>();
  for (const g of grants.filter((grant) => !isTeamMember(grant)))
    byPerson.set(g.personId, [...(byPerson.get(g.personId) ?? []), g]);
  const rank = (list: RoleGrant[]) => Math.min(...list.map((g) => ORDER.indexOf(g.role)));
  const personItems: ListItem[] = [...byPerson.entries()]
    .sort(([a, ga], [b, gb]) => rank(ga) - rank(gb) || (people.get(a) ?? '').localeCompare(people.get(b) ?? ''))
    .map(([personId, list]) => ({
      id: personId,
      text: `${people.get(personId) ?? personId}: ${list.map(describe).join('; ')}`,
      commands: [],
    }));

  const teamItems: ListItem[] = teams.flatMap((team) => {
    const names = grants
      .filter((g) => isTeamMember(g) && g.scope.kind === 'team' && g.scope.teamId === team.id)
      .map((g) => people.get(g.personId) ?? g.personId)
      .sort((a, b) => a.localeCompare(b));
    if (names.length === 0) return [];
    const shown = names.slice(0, NAMES_PER_TEAM).join(', ');
    const more =
      names.length > NAMES_PER_TEAM
        ? ` ${t(locale, 'admin.roles_more', { count: names.length - NAMES_PER_TEAM })}`
        : '';
    return [
      {
        id: team.id,
        text: t(locale, 'admin.roles_team_members', { team: team.name, count: names.length, names: `${shown}${more}` }),
        commands: [],
      },
    ];
  });

  return {
    kind: 'list',
    title: t(locale, 'admin.roles_title', { organisation: organisation?.name ?? '' }),
    empty: t(locale, 'admin.roles_empty'),
    items: [...personItems, ...teamItems],
  };
}
