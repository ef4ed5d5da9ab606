import { expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/dialogues/messages.js';
import { forEachStore } from '../support/db.js';
import { aDelivery, at, id, seedTeam } from './builders.js';

const LEASE = 60_000;
const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

forEachStore('store: deliveries', (t) => {
  it('round-trips a delivery with a jsonb message and both kinds of target', async () => {
    const { organisationId } = await seedTeam(t.store);
    const prompt: OutgoingMessage = {
      kind: 'round.prompt',
      roundId: 'r-1',
      teamName: 'Groep 5-8',
      theme: 'begrijpend lezen',
      aspect: 'kwaliteitszorg',
      questions: [{ key: 'right_things', phrasing: { nl: 'Doen we de goede dingen?' } }],
      anonymous: false,
      closesAt: '2025-03-06T08:00:00.000Z',
      outcomes: [
        {
          metricKey: 'm',
          name: 'Lezen',
          unit: '%',
          value: 91.5,
          target: 95,
          period: '2024',
          change: null,
          higherIsBetter: true,
        },
      ],
      openActions: [],
    };
    const toChannel = aDelivery(organisationId, {
      message: prompt,
      purpose: 'prompt',
      roundId: 'r-1',
      threadOf: 'round:r-0:prompt:b-1',
    });
    const toPerson = aDelivery(organisationId, {
      target: { kind: 'person', personId: 'p-1', platform: 'teams' },
      purpose: 'digest',
      createdAt: at(1),
    });
    expect(await t.store.deliveries.enqueue(toChannel)).toBe(true);
    expect(await t.store.deliveries.enqueue(toPerson)).toBe(true);
    expect(await t.store.deliveries.get(organisationId, toChannel.id)).toEqual(toChannel);
    expect(await t.store.deliveries.findByKey(organisationId, toPerson.dedupeKey)).toEqual(toPerson);
    expect(await t.store.deliveries.list(organisationId)).toEqual([toChannel, toPerson]);
    expect(await t.store.deliveries.list(organisationId, { roundId: 'r-1' })).toEqual([toChannel]);
    expect(await t.store.deliveries.list(organisationId, { statuses: ['sent'] })).toEqual([]);
    expect(await t.store.deliveries.list(organisationId, { statuses: [] })).toEqual([]);
  });

  it('enqueues a dedupe key once, and keeps every lookup in its organisation', async () => {
    const mine = await seedTeam(t.store);
    const theirs = await seedTeam(t.store);
    const delivery = aDelivery(mine.organisationId, { dedupeKey: 'round:r-1:prompt:b-1' });
    expect(await t.store.deliveries.enqueue(delivery)).toBe(true);
    expect(await t.store.deliveries.enqueue({ ...delivery, id: id() })).toBe(false);
    expect(await t.store.deliveries.enqueue({ ...delivery, id: id(), organisationId: theirs.organisationId })).toBe(
      false,
    );
    expect(await t.store.deliveries.get(theirs.organisationId, delivery.id)).toBeNull();
    expect(await t.store.deliveries.findByKey(theirs.organisationId, delivery.dedupeKey)).toBeNull();
    expect(await t.store.deliveries.list(theirs.organisationId)).toEqual([]);
    expect(await t.store.deliveries.requeue(theirs.organisationId, delivery.id, at(0))).toBe(false);
  });

  it('claims due pending deliveries, oldest due first, up to the limit', async () => {
    const { organisationId } = await seedTeam(t.store);
    const later = aDelivery(organisationId, { nextAttemptAt: at(5) });
    const first = aDelivery(organisationId, { nextAttemptAt: at(1) });
    const notDue = aDelivery(organisationId, { nextAttemptAt: at(11) });
    const sent = aDelivery(organisationId, { nextAttemptAt: at(0), status: 'sent', postedRef: 'ts-1', sentAt: at(0) });
    for (const d of [later, first, notDue, sent]) await t.store.deliveries.enqueue(d);

    const claimed = await t.store.deliveries.claimDue(at(10), 1, LEASE);
    expect(claimed).toEqual([
      { ...first, status: 'sending', attempts: 1, leaseUntil: new Date(at(10).getTime() + LEASE) },
    ]);
    expect(ids(await t.store.deliveries.claimDue(at(10), 10, LEASE))).toEqual([later.id]);
    expect(await t.store.deliveries.claimDue(at(10), 10, LEASE)).toEqual([]);
    expect(await t.store.deliveries.claimDue(at(10), 0, LEASE)).toEqual([]);
  });

  it('reclaims a delivery whose lease ran out, counting another attempt', async () => {
    const { organisationId } = await seedTeam(t.store);
    const delivery = aDelivery(organisationId, { nextAttemptAt: at(0) });
    await t.store.deliveries.enqueue(delivery);
    await t.store.deliveries.claimDue(at(0), 10, LEASE);
    expect(await t.store.deliveries.claimDue(at(1), 10, LEASE)).toEqual([]);
    const reclaimed = await t.store.deliveries.claimDue(new Date(at(0).getTime() + LEASE + 1), 10, LEASE);
    expect(reclaimed).toMatchObject([{ id: delivery.id, status: 'sending', attempts: 2 }]);
  });

  it('never hands the same delivery to two workers claiming at once', async () => {
    const { organisationId } = await seedTeam(t.store);
    for (let n = 0; n < 40; n++)
      await t.store.deliveries.enqueue(aDelivery(organisationId, { nextAttemptAt: at(n % 7) }));
    const [a, b, c] = await Promise.all([
      t.store.deliveries.claimDue(at(10), 15, LEASE),
      t.peer.deliveries.claimDue(at(10), 15, LEASE),
      t.peer.deliveries.claimDue(at(10), 15, LEASE),
    ]);
    const all = [...ids(a ?? []), ...ids(b ?? []), ...ids(c ?? [])];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(40);
    expect(
      (await t.store.deliveries.list(organisationId, { statuses: ['sending'] })).every((d) => d.attempts === 1),
    ).toBe(true);
  });

  it('moves a delivery through sent, rescheduled, released, finished and requeued', async () => {
    const { organisationId } = await seedTeam(t.store);
    const delivery = aDelivery(organisationId, { nextAttemptAt: at(0) });
    await t.store.deliveries.enqueue(delivery);
    const get = () => t.store.deliveries.get(organisationId, delivery.id);

    await t.store.deliveries.claimDue(at(0), 1, LEASE);
    await t.store.deliveries.reschedule(delivery.id, at(5), 'rate_limited');
    expect(await get()).toMatchObject({
      status: 'pending',
      nextAttemptAt: at(5),
      lastError: 'rate_limited',
      leaseUntil: null,
      attempts: 1,
    });

    await t.store.deliveries.claimDue(at(5), 1, LEASE);
    await t.store.deliveries.release(delivery.id, at(6));
    expect(await get()).toMatchObject({ status: 'pending', nextAttemptAt: at(6), leaseUntil: null, attempts: 1 });

    await t.store.deliveries.claimDue(at(6), 1, LEASE);
    await t.store.deliveries.finish(delivery.id, 'unclear', 'timeout');
    expect(await get()).toMatchObject({ status: 'unclear', lastError: 'timeout', leaseUntil: null, attempts: 2 });
    expect(await t.store.deliveries.claimDue(at(100), 10, LEASE)).toEqual([]);

    expect(await t.store.deliveries.requeue(organisationId, delivery.id, at(7))).toBe(true);
    expect(await t.store.deliveries.requeue(organisationId, delivery.id, at(7))).toBe(false);
    expect(await get()).toMatchObject({ status: 'pending', nextAttemptAt: at(7), attempts: 0 });

    await t.store.deliveries.claimDue(at(7), 1, LEASE);
    await t.store.deliveries.markSent(delivery.id, '1700000000.000200', at(8));
    expect(await get()).toMatchObject({
      status: 'sent',
      postedRef: '1700000000.000200',
      sentAt: at(8),
      leaseUntil: null,
      attempts: 1,
    });
    expect(await t.store.deliveries.requeue(organisationId, delivery.id, at(9))).toBe(false);
  });

  it('finds the prompt a thread hangs under, by binding and posted ref, across organisations', async () => {
    const { organisationId } = await seedTeam(t.store);
    const prompt = aDelivery(organisationId, {
      purpose: 'prompt',
      roundId: 'r-1',
      target: { kind: 'channel', bindingId: 'b-7' },
      nextAttemptAt: at(0),
    });
    const reminder = aDelivery(organisationId, {
      purpose: 'reminder',
      roundId: 'r-1',
      target: { kind: 'channel', bindingId: 'b-7' },
      nextAttemptAt: at(0),
    });
    await t.store.deliveries.enqueue(prompt);
    await t.store.deliveries.enqueue(reminder);
    await t.store.deliveries.claimDue(at(0), 10, LEASE);
    await t.store.deliveries.markSent(prompt.id, 'ts-prompt', at(1));
    await t.store.deliveries.markSent(reminder.id, 'ts-reminder', at(1));

    expect(await t.store.deliveries.findPromptByPost('b-7', 'ts-prompt')).toMatchObject({
      id: prompt.id,
      roundId: 'r-1',
    });
    expect(await t.store.deliveries.findPromptByPost('b-7', 'ts-reminder')).toBeNull();
    expect(await t.store.deliveries.findPromptByPost('b-8', 'ts-prompt')).toBeNull();
  });
});
