import { authorize, holds, type AccessContext } from '../access.js';
import type { DialogueDeps } from '../deps.js';
import { fail, ok, type ErrorCode, type Result } from '../result.js';
import { readerScope } from './reader-scope.js';
import type { DigestSubscription } from './subscription.js';

/** A subscription's target and moment (see DigestSubscription); its school must lie in the person's scope. */
export interface SubscribeInput extends Pick<
  DigestSubscription,
  'organisationId' | 'personId' | 'bindingId' | 'schoolId' | 'weekday' | 'hour' | 'minute'
> {
  /** Who set it up (audit); null for the operator at the command line. */
  actorPersonId: string | null;
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
  const scope = readerScope(await store.people.roles(organisationId, input.personId), { membersToo: false });
  if (scope.kind === 'none') return fail('permission.denied', { role: 'leader' });
  const schoolId = input.schoolId ?? null;
  if (schoolId !== null) {
    if (!(await store.schools.get(organisationId, schoolId))) return fail('school.not_found', { school: schoolId });
    if (scope.kind !== 'organisation' && !(scope.kind === 'schools' && scope.schoolIds.includes(schoolId)))
      return fail('permission.denied', { role: 'leader' });
  }
  if (input.bindingId !== null && !(await store.bindings.get(organisationId, input.bindingId)))
    return fail('binding.not_found');
  const valid =
    Number.isInteger(input.weekday) &&
    input.weekday >= 1 &&
    input.weekday <= 7 &&
    Number.isInteger(input.hour) &&
    input.hour >= 0 &&
    input.hour <= 23 &&
    Number.isInteger(input.minute) &&
    input.minute >= 0 &&
    input.minute <= 59;
  if (!valid) return fail('input.invalid', { field: 'at' });
  const now = deps.clock.now();
  const subscription: DigestSubscription = {
    id: deps.newId(),
    organisationId,
    personId: input.personId,
    bindingId: input.bindingId,
    schoolId,
    weekday: input.weekday,
    hour: input.hour,
    minute: input.minute,
    createdAt: now,
  };
  await store.transaction(async (tx) => {
    await tx.digests.upsertSubscription(subscription);
    await tx.audit.record({
      organisationId,
      actorPersonId: input.actorPersonId,
      action: 'digest.subscribed',
      subject: `person:${input.personId}`,
      details: { bindingId: input.bindingId, schoolId, weekday: input.weekday, hour: input.hour, minute: input.minute },
      at: now,
    });
  });
  const stored = (await store.digests.listSubscriptions(organisationId)).find(
    (s) => s.personId === input.personId && s.bindingId === input.bindingId,
  );
  return ok(stored ?? subscription);
}

/** The organisation's own minimum group size (1–50), or null to fall back to MIN_GROUP_SIZE. */
export async function setMinGroupSize(
  deps: DialogueDeps,
  organisationId: string,
  actorPersonId: string | null,
  value: number | null,
): Promise<Result<number | null>> {
  if (value !== null && (!Number.isInteger(value) || value < 1 || value > 50))
    return fail('input.invalid', { field: 'min-group-size' });
  await deps.store.transaction(async (tx) => {
    await tx.digests.setMinGroupSize(organisationId, value);
    await tx.audit.record({
      organisationId,
      actorPersonId,
      action: 'digest.min_group_size',
      subject: `organisation:${organisationId}`,
      details: { value },
      at: deps.clock.now(),
    });
  });
  return ok(value);
}

export interface ChannelDigestInput {
  organisationId: string;
  /** Who gives the command: the digest is theirs, cut to the scope below. */
  actorPersonId: string;
  /** The bound channel the digest is posted in. */
  bindingId: string;
  /** The whole organisation, or one school of it. */
  schoolId: string | null;
  weekday: number;
  hour: number;
  minute: number;
}

/**
 * A channel's weekly digest for the organisation or one school, set up from chat. Only a leader
 * or coordinator of that scope may: the digest is the actor's own subscription, cut to the scope.
 */
export async function subscribeChannelDigest(
  deps: DialogueDeps,
  input: ChannelDigestInput,
): Promise<Result<DigestSubscription>> {
  const context: AccessContext =
    input.schoolId === null ? { kind: 'organisation' } : { kind: 'school', schoolId: input.schoolId };
  if (input.schoolId !== null && !(await deps.store.schools.get(input.organisationId, input.schoolId)))
    return fail('school.not_found', { school: input.schoolId });
  const allowed = await authorize(deps.store, input.organisationId, input.actorPersonId, 'readDigest', context);
  if (!allowed.ok) return allowed;
  return subscribeDigest(deps, { ...input, personId: input.actorPersonId });
}

export interface ChannelUnsubscribeInput {
  organisationId: string;
  actorPersonId: string;
  bindingId: string;
  /** Only the subscriptions for this school; undefined: every one of the channel. */
  schoolId?: string | null;
}

/**
 * Stops a channel's digests: the actor's own subscriptions on it, and others' whose scope the
 * actor leads or coordinates (an organisation's coordinator may stop them all). `kept` counts
 * the ones left because the actor may not touch them.
 */
export async function unsubscribeChannelDigest(
  deps: DialogueDeps,
  input: ChannelUnsubscribeInput,
): Promise<Result<{ removed: number; kept: number }, ErrorCode | 'digest.no_subscription'>> {
  const { store } = deps;
  const { organisationId } = input;
  const onChannel = (await store.digests.listSubscriptions(organisationId)).filter(
    (s) => s.bindingId === input.bindingId && (input.schoolId === undefined || (s.schoolId ?? null) === input.schoolId),
  );
  if (onChannel.length === 0) return fail('digest.no_subscription');
  const grants = await store.people.roles(organisationId, input.actorPersonId);
  const mayRemove = (s: DigestSubscription) =>
    s.personId === input.actorPersonId ||
    holds(
      grants,
      ['leader', 'coordinator'],
      s.schoolId ? { kind: 'school', schoolId: s.schoolId } : { kind: 'organisation' },
    );
  const removable = onChannel.filter(mayRemove);
  if (removable.length === 0) return fail('permission.denied', { role: 'leader' });
  const now = deps.clock.now();
  await store.transaction(async (tx) => {
    for (const s of removable) {
      await tx.digests.removeSubscription(organisationId, s.id);
      await tx.audit.record({
        organisationId,
        actorPersonId: input.actorPersonId,
        action: 'digest.unsubscribed',
        subject: `person:${s.personId}`,
        details: { bindingId: s.bindingId, schoolId: s.schoolId ?? null },
        at: now,
      });
    }
  });
  return ok({ removed: removable.length, kept: onChannel.length - removable.length });
}
