import type { DialogueDeps } from '../deps.js';
import type { Organisation, Platform } from '../model.js';
import { newDelivery } from '../open-round.js';
import type { DeliveryTarget } from '../ports.js';
import { buildDigest, type DigestOptions } from './build-digest.js';
import { isoWeekOf, previousWeek } from './iso-week.js';
import { localTime } from '../time-zone.js';
import type { DigestSubscription } from './subscription.js';

export interface DigestSchedule extends DigestOptions {
  /** The default moment (ISO weekday, 1 = Monday, and local time) at which last week's digest goes out. */
  weekday: number;
  hour: number;
  minute: number;
}

/** Monday 07:30 in the organisation's time zone. */
export const DEFAULT_DIGEST_TIME = { weekday: 1, hour: 7, minute: 30 } as const;

/** Where a person is reached first: their chat platform rather than the local web channel. */
const PLATFORM_ORDER: readonly Platform[] = ['slack', 'teams', 'web'];

/** The once-only key of one digest: per leader and week, and per channel when posted in a leadership channel. */
export function digestKey(personId: string, week: string, bindingId: string | null = null): string {
  return bindingId === null ? `digest:${personId}:${week}` : `digest:${personId}:${week}:channel:${bindingId}`;
}

/** A digest to send: a subscription's target and moment, or the default one of a leader. */
type Due = Pick<DigestSubscription, 'personId' | 'bindingId' | 'schoolId' | 'weekday' | 'hour' | 'minute'>;

/**
 * From the scheduler tick: once a digest's moment of the current week has passed (local time of
 * each organisation), enqueues last week's digest. Every leader gets one by direct message at
 * the default moment unless they have subscriptions, which choose the moment and may post it in
 * a leadership channel. The delivery's unique key (`digestKey`) makes each one once per week,
 * whichever process ticks and however often; a server that was down catches up later that week.
 */
export async function enqueueDueDigests(deps: DialogueDeps, schedule: DigestSchedule): Promise<number> {
  const { store } = deps;
  let enqueued = 0;
  for (const organisation of await store.organisations.list()) {
    const subscriptions = await store.digests.listSubscriptions(organisation.id);
    const leaders = [...new Set((await store.people.listByRole(organisation.id, 'leader')).map((g) => g.personId))];
    const due: Due[] = [
      ...leaders
        .filter((id) => !subscriptions.some((s) => s.personId === id))
        .map((personId) => ({
          personId,
          bindingId: null,
          weekday: schedule.weekday,
          hour: schedule.hour,
          minute: schedule.minute,
        })),
      ...subscriptions,
    ].filter((d) => isDue(deps.clock.now(), organisation.timeZone, d));
    if (due.length === 0) continue;
    const minGroupSize = (await store.digests.minGroupSize(organisation.id)) ?? schedule.minGroupSize;
    for (const item of due) {
      try {
        if (await enqueueOne(deps, organisation, item, { ...schedule, minGroupSize })) enqueued += 1;
      } catch (error) {
        deps.log.error(
          { organisationId: organisation.id, personId: item.personId, bindingId: item.bindingId, err: error },
          'digest: could not be prepared',
        );
      }
    }
  }
  if (enqueued > 0) deps.onEnqueued?.();
  return enqueued;
}

function isDue(now: Date, timeZone: string, moment: Pick<Due, 'weekday' | 'hour' | 'minute'>): boolean {
  const local = localTime(now, timeZone);
  const weekday = ((new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7) + 1;
  return (
    weekday > moment.weekday ||
    (weekday === moment.weekday && local.hour * 60 + local.minute >= moment.hour * 60 + moment.minute)
  );
}

async function enqueueOne(
  deps: DialogueDeps,
  organisation: Organisation,
  item: Due,
  options: DigestOptions,
): Promise<boolean> {
  const { store } = deps;
  const week = previousWeek(isoWeekOf(deps.clock.now(), organisation.timeZone));
  const dedupeKey = digestKey(item.personId, week, item.bindingId);
  if (await store.deliveries.findByKey(organisation.id, dedupeKey)) return false;
  const person = await store.people.get(organisation.id, item.personId);
  if (!person) return false;
  let target: DeliveryTarget;
  if (item.bindingId !== null) {
    if (!(await store.bindings.get(organisation.id, item.bindingId))) return false;
    target = { kind: 'channel', bindingId: item.bindingId };
  } else {
    const identities = await store.people.identities(organisation.id, person.id);
    const platform = PLATFORM_ORDER.find((p) => identities.some((i) => i.platform === p));
    if (!platform) return false;
    target = { kind: 'person', personId: person.id, platform };
  }
  const digest = await buildDigest(
    deps,
    { organisationId: organisation.id, personId: person.id, week, schoolId: item.schoolId ?? null },
    options,
  );
  if (!digest.ok) {
    deps.log.warn(
      { organisationId: organisation.id, personId: person.id, code: digest.code },
      'digest: not made (no leader scope?)',
    );
    return false;
  }
  return store.deliveries.enqueue(
    newDelivery(deps, {
      organisationId: organisation.id,
      dedupeKey,
      roundId: null,
      purpose: 'digest',
      target,
      message: digest.value,
      // A channel is read by several leaders: it gets the organisation's language.
      locale: item.bindingId === null ? person.locale : organisation.locale,
      threadOf: null,
    }),
  );
}
