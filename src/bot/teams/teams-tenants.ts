import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Person } from '../../dialogues/model.js';
import { grantRole, resolvePerson } from '../../dialogues/people.js';
import type { TeamsUser } from './teams-activity.js';

export interface OrganisationDefaults {
  locale: Locale;
  timeZone: string;
}

/**
 * Tenant → organisation. A tenant seen for the first time becomes a new organisation (a school
 * board) named after the team the app was added to, with one school of that name, so
 * `koppel <team>` can create teams at once. Concurrent first activities settle on one winner.
 */
export function createTenantDirectory(deps: DialogueDeps, defaults: OrganisationDefaults) {
  const inFlight = new Map<string, Promise<string>>();

  async function provision(tenantId: string, name: string): Promise<string> {
    const known = await deps.store.workspaces.findOrganisation('teams', tenantId);
    if (known) return known;
    const orgName = name.trim() || `Teams ${tenantId.slice(0, 8)}`;
    const now = deps.clock.now();
    const organisationId = deps.newId();
    try {
      await deps.store.transaction(async (tx) => {
        await tx.organisations.create({ id: organisationId, name: orgName, locale: defaults.locale, timeZone: defaults.timeZone, retentionDays: null, createdAt: now });
        await tx.schools.create({ id: deps.newId(), organisationId, name: orgName });
        await tx.workspaces.link('teams', tenantId, organisationId);
        await tx.audit.record({ organisationId, actorPersonId: null, action: 'workspace.linked', subject: `teams:${tenantId}`, details: { name: orgName }, at: now });
      });
      deps.log.info({ tenantId, organisationId }, 'teams tenant mapped to a new organisation');
      return organisationId;
    } catch (error) {
      const winner = await deps.store.workspaces.findOrganisation('teams', tenantId);
      if (winner) return winner;
      throw error;
    }
  }

  return {
    ensure(tenantId: string, name: string): Promise<string> {
      const pending = inFlight.get(tenantId);
      if (pending) return pending;
      const work = provision(tenantId, name).finally(() => inFlight.delete(tenantId));
      inFlight.set(tenantId, work);
      return work;
    },
  };
}

export type TenantDirectory = ReturnType<typeof createTenantDirectory>;

/**
 * The person behind a Teams user. The Teams user id (29:…) is the identity the bot posts to;
 * the Entra object id is kept as a second identity (`aad:<oid>`) so the tab's SSO token, which
 * names only the object id, finds the same person.
 */
export async function teamsPerson(deps: DialogueDeps, organisationId: string, tenantId: string, user: TeamsUser, locale?: Locale): Promise<Person> {
  const person = await resolvePerson(deps, { organisationId, platform: 'teams', workspaceId: tenantId, userId: user.id, displayName: user.name, ...(locale ? { locale } : {}) });
  if (user.aadObjectId) await deps.store.people.addIdentity({ personId: person.id, organisationId, platform: 'teams', workspaceId: tenantId, userId: aadIdentity(user.aadObjectId) });
  return person;
}

export const aadIdentity = (objectId: string) => `aad:${objectId}`;

/** The installer of the app becomes coordinator of an organisation that has none yet. */
export async function promoteInstaller(deps: DialogueDeps, organisationId: string, person: Person): Promise<boolean> {
  const coordinators = await deps.store.people.listByRole(organisationId, 'coordinator');
  if (coordinators.some((grant) => grant.scope.kind === 'organisation')) return false;
  const granted = await grantRole(deps, { organisationId, actorPersonId: null, personId: person.id, role: 'coordinator', scope: { kind: 'organisation' } });
  return granted.ok;
}

export function localeOf(tag: string | null | undefined): Locale | undefined {
  const lower = tag?.toLowerCase() ?? '';
  return lower.startsWith('nl') ? 'nl' : lower.startsWith('en') ? 'en' : undefined;
}
