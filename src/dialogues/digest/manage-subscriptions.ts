import type { DialogueDeps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import { readerScope } from './reader-scope.js';
import type { DigestSubscription } from './subscription.js';

export interface SubscribeInput {
  organisationId: string;
  /** Who set it up (audit); null for the operator at the command line. */
  actorPersonId: string | null;
  personId: string;
  /** null: by direct message; otherwise a bound (leadership) channel. */
  bindingId: string | null;
  weekday: number;
  hour: number;
  minute: number;
}

/**
 * Sends a leader's weekly digest at their own moment, or into a leadership channel. The person
 * must be a leader or coordinator (the digest is cut to their scope); subscribing again to the
 * same target changes its moment.
 */
export async function subscribeDigest(deps: DialogueDeps, input: SubscribeInput): Promise<Result<DigestSubscription>> {
  const { store } = deps;
  const { organisationId } = input;
  if (!(await store.people.get(organisationId, input.personId))) return fail('person.not_found');
  if (readerScope(await store.people.roles(organisationId, input.personId), { membersToo: false }).kind === 'none') return fail('permission.denied', { role: 'leader' });
  if (input.bindingId !== null && !(await store.bindings.get(organisationId, input.bindingId))) return fail('binding.not_found');
  const valid = Number.isInteger(input.weekday) && input.weekday >= 1 && input.weekday <= 7 && Number.isInteger(input.hour) && input.hour >= 0 && input.hour <= 23 && Number.isInteger(input.minute) && input.minute >= 0 && input.minute <= 59;
  if (!valid) return fail('input.invalid', { field: 'at' });
  const now = deps.clock.now();
  const subscription: DigestSubscription = { id: deps.newId(), organisationId, personId: input.personId, bindingId: input.bindingId, weekday: input.weekday, hour: input.hour, minute: input.minute, createdAt: now };
  await store.transaction(async (tx) => {
    await tx.digests.upsertSubscription(subscription);
    await tx.audit.record({ organisationId, actorPersonId: input.actorPersonId, action: 'digest.subscribed', subject: `person:${input.personId}`, details: { bindingId: input.bindingId, weekday: input.weekday, hour: input.hour, minute: input.minute }, at: now });
  });
  const stored = (await store.digests.listSubscriptions(organisationId)).find((s) => s.personId === input.personId && s.bindingId === input.bindingId);
  return ok(stored ?? subscription);
}

/** The organisation's own minimum group size (1–50), or null to fall back to MIN_GROUP_SIZE. */
export async function setMinGroupSize(deps: DialogueDeps, organisationId: string, actorPersonId: string | null, value: number | null): Promise<Result<number | null>> {
  if (value !== null && (!Number.isInteger(value) || value < 1 || value > 50)) return fail('input.invalid', { field: 'min-group-size' });
  await deps.store.transaction(async (tx) => {
    await tx.digests.setMinGroupSize(organisationId, value);
    await tx.audit.record({ organisationId, actorPersonId, action: 'digest.min_group_size', subject: `organisation:${organisationId}`, details: { value }, at: deps.clock.now() });
  });
  return ok(value);
}
