import { authorize } from './access.js';
import type { DialogueDeps } from './deps.js';
import { MAX_TITLE_CHARS } from './limits.js';
import type { Organisation, Person } from './model.js';
import { fail, ok, type Result } from './result.js';

/**
 * A coordinator renames the organisation (`organisatie naam Stichting De Linde`): one first met
 * in a personal chat carries a placeholder such as "Teams 72f988bf" until then. Audited.
 */
export async function renameOrganisation(
  deps: DialogueDeps,
  input: { organisationId: string; actorPersonId: string | null; name: string },
): Promise<Result<Organisation>> {
  const { store } = deps;
  const organisation = await store.organisations.get(input.organisationId);
  if (!organisation) return fail('input.invalid', { field: 'organisation' });
  if (input.actorPersonId !== null) {
    const allowed = await authorize(store, input.organisationId, input.actorPersonId, 'configure', {
      kind: 'organisation',
    });
    if (!allowed.ok) return allowed;
  }
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (name === '' || name.length > MAX_TITLE_CHARS)
    return fail('input.invalid', { field: 'name', max: MAX_TITLE_CHARS });
  await store.transaction(async (tx) => {
    await tx.organisations.update(organisation.id, { name });
    await tx.audit.record({
      organisationId: organisation.id,
      actorPersonId: input.actorPersonId,
      action: 'organisation.renamed',
      subject: `organisation:${organisation.id}`,
      details: { from: organisation.name, to: name },
      at: deps.clock.now(),
    });
  });
  return ok({ ...organisation, name });
}

/**
 * A person first known only by a platform id (a Teams install event carries no name) gets the
 * name the platform gives later: from the roster, or from the first activity that carries one.
 * A name someone already has is never overwritten here.
 */
export async function nameFromPlatform(
  deps: DialogueDeps,
  person: Person,
  platformUserId: string,
  name: string,
): Promise<Person> {
  const given = name.trim();
  if (given === '' || !hasPlaceholderName(person, platformUserId)) return person;
  await deps.store.people.update(person.organisationId, person.id, { displayName: given });
  return { ...person, displayName: given };
}

/** Whether the person's name is still the platform id it was created under (see `resolvePerson`). */
export function hasPlaceholderName(person: Person, platformUserId: string): boolean {
  return person.displayName.trim() === '' || person.displayName === platformUserId;
}
