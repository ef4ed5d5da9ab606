import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Person } from '../../dialogues/model.js';
import type { OrganisationDirectory } from '../../dialogues/provision-organisation.js';
import { grantRole, resolvePerson } from '../../dialogues/people.js';
import type { TeamsUser } from './teams-activity.js';

/** Tenant → organisation, provisioned on first sight (one use case for Slack and Teams). */
export type TenantDirectory = OrganisationDirectory;

/**
 * The person behind a Teams user. The Teams user id (29:…) is the identity the bot posts to;
 * the Entra object id is kept as a second identity (`aad:<oid>`) so the tab's SSO token, which
 * names only the object id, finds the same person.
 */
export async function teamsPerson(
  deps: DialogueDeps,
  organisationId: string,
  tenantId: string,
  user: TeamsUser,
  locale?: Locale,
): Promise<Person> {
  const person = await resolvePerson(deps, {
    organisationId,
    platform: 'teams',
    workspaceId: tenantId,
    userId: user.id,
    displayName: user.name,
    ...(locale ? { locale } : {}),
  });
  if (user.aadObjectId)
    await deps.store.people.addIdentity({
      personId: person.id,
      organisationId,
      platform: 'teams',
      workspaceId: tenantId,
      userId: aadIdentity(user.aadObjectId),
    });
  return person;
}

export const aadIdentity = (objectId: string) => `aad:${objectId}`;

/** The installer of the app becomes coordinator of an organisation that has none yet. */
export async function promoteInstaller(deps: DialogueDeps, organisationId: string, person: Person): Promise<boolean> {
  const coordinators = await deps.store.people.listByRole(organisationId, 'coordinator');
  if (coordinators.some((grant) => grant.scope.kind === 'organisation')) return false;
  const granted = await grantRole(deps, {
    organisationId,
    actorPersonId: null,
    personId: person.id,
    role: 'coordinator',
    scope: { kind: 'organisation' },
  });
  return granted.ok;
}

export function localeOf(tag: string | null | undefined): Locale | undefined {
  const lower = tag?.toLowerCase() ?? '';
  return lower.startsWith('nl') ? 'nl' : lower.startsWith('en') ? 'en' : undefined;
}
