import { expect, it } from 'vitest';
import { setMinGroupSize, subscribeDigest } from '../../src/dialogues/digest/manage-subscriptions.js';
import { digestKey } from '../../src/dialogues/digest/schedule-digests.js';
import { runTick } from '../../src/scheduler/tick.js';
import { forEachStore } from '../support/db.js';
import { testDeps } from '../support/builders.js';
import { seedDigestBoard, WEEK } from '../support/digest-board.js';
import { movableClock } from '../support/world.js';

forEachStore('digest: scheduled once per leader and week', (t) => {
  const schedule = { minGroupSize: 3, weekday: 1, hour: 7, minute: 30 };

  it("waits for Monday 07:30 Amsterdam time, then enqueues each leader's digest of last week once", async () => {
    const board = await seedDigestBoard(t.store);
    // 07:00 in Amsterdam (UTC+1 in November): not yet.
    const clock = movableClock('2026-11-23T06:00:00Z');
    const deps = testDeps(t.store, clock);
    const peer = testDeps(t.peer, clock);
    expect((await runTick(deps, { digests: schedule })).digests).toBe(0);

    clock.set('2026-11-23T06:31:00Z');
    const [mine, theirs] = await Promise.all([
      runTick(deps, { digests: schedule }),
      runTick(peer, { digests: schedule }),
    ]);
    expect((mine.digests ?? 0) + (theirs.digests ?? 0)).toBe(2);
    clock.advance(15 * 60_000);
    expect((await runTick(deps, { digests: schedule })).digests).toBe(0);

    const digests = (await t.store.deliveries.list(board.organisationId)).filter((d) => d.purpose === 'digest');
    expect(digests.map((d) => d.dedupeKey).sort()).toEqual(
      [digestKey(board.boardLeader.id, WEEK), digestKey(board.schoolLeaderA.id, WEEK)].sort(),
    );
    const toSchoolLeader = digests.find((d) => d.dedupeKey === digestKey(board.schoolLeaderA.id, WEEK));
    expect(toSchoolLeader?.target).toEqual({ kind: 'person', personId: board.schoolLeaderA.id, platform: 'web' });
    expect(toSchoolLeader?.message).toMatchObject({ kind: 'digest', week: WEEK, scopeName: 'De Linde' });
    // Coordinators read digests on request but are not sent one.
    expect(digests.some((d) => d.dedupeKey.includes(board.coordinator.id))).toBe(false);
  });

  it("catches up later in the week after downtime, and makes next week's digest the Monday after", async () => {
    const board = await seedDigestBoard(t.store);
    const clock = movableClock('2026-11-25T12:00:00Z');
    const deps = testDeps(t.store, clock);
    expect((await runTick(deps, { digests: schedule })).digests).toBe(2);
    clock.set('2026-11-30T06:45:00Z');
    expect((await runTick(deps, { digests: schedule })).digests).toBe(2);
    const keys = (await t.store.deliveries.list(board.organisationId))
      .filter((d) => d.purpose === 'digest')
      .map((d) => d.dedupeKey);
    expect(keys.filter((k) => k.endsWith(':2026-W47'))).toHaveLength(2);
    expect(keys.filter((k) => k.endsWith(':2026-W48'))).toHaveLength(2);
  });

  it("posts a subscribed leader's digest in a leadership channel at their own moment, with the organisation's minimum group size", async () => {
    const board = await seedDigestBoard(t.store);
    const clock = movableClock('2026-11-23T06:31:00Z');
    const deps = testDeps(t.store, clock);
    const [channel] = await t.store.bindings.listByTeam(board.organisationId, board.groep7.id);
    if (!channel) throw new Error('seed has no binding');
    const subscribed = await subscribeDigest(deps, {
      organisationId: board.organisationId,
      actorPersonId: null,
      personId: board.schoolLeaderA.id,
      bindingId: channel.id,
      weekday: 2,
      hour: 8,
      minute: 0,
    });
    expect(subscribed.ok).toBe(true);
    expect((await setMinGroupSize(deps, board.organisationId, null, 10)).ok).toBe(true);

    // Monday 07:31: only the board leader (no subscription) gets the default direct message.
    expect((await runTick(deps, { digests: schedule })).digests).toBe(1);
    clock.set('2026-11-24T06:59:00Z');
    expect((await runTick(deps, { digests: schedule })).digests).toBe(0);
    clock.set('2026-11-24T07:00:00Z');
    expect((await runTick(deps, { digests: schedule })).digests).toBe(1);
    expect((await runTick(deps, { digests: schedule })).digests).toBe(0);

    const posted = await t.store.deliveries.findByKey(
      board.organisationId,
      digestKey(board.schoolLeaderA.id, WEEK, channel.id),
    );
    expect(posted?.target).toEqual({ kind: 'channel', bindingId: channel.id });
    expect(posted?.message).toMatchObject({ kind: 'digest', scopeName: 'De Linde', body: { minGroupSize: 10 } });
    expect(
      await t.store.deliveries.findByKey(board.organisationId, digestKey(board.schoolLeaderA.id, WEEK)),
    ).toBeNull();
    expect((await t.store.audit.list(board.organisationId)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['digest.subscribed', 'digest.min_group_size']),
    );
  });

  it('keeps one subscription per leader and target, refuses bad input, and removes one', async () => {
    const board = await seedDigestBoard(t.store);
    const other = await seedDigestBoard(t.store);
    const deps = testDeps(t.store, movableClock('2026-11-23T06:31:00Z'));
    const input = {
      organisationId: board.organisationId,
      actorPersonId: null,
      personId: board.boardLeader.id,
      bindingId: null,
      weekday: 1,
      hour: 7,
      minute: 0,
    };
    const first = await subscribeDigest(deps, input);
    const again = await subscribeDigest(deps, { ...input, weekday: 5, hour: 16 });
    expect(first.ok && again.ok && again.value.id).toBe(first.ok && first.value.id);
    expect(await t.store.digests.listSubscriptions(board.organisationId)).toEqual([
      expect.objectContaining({ personId: board.boardLeader.id, bindingId: null, weekday: 5, hour: 16, minute: 0 }),
    ]);
    expect(await t.store.digests.listSubscriptions(other.organisationId)).toEqual([]);
    expect(await subscribeDigest(deps, { ...input, personId: board.teacher.id })).toMatchObject({
      ok: false,
      code: 'permission.denied',
    });
    expect(await subscribeDigest(deps, { ...input, bindingId: 'nope' })).toMatchObject({
      ok: false,
      code: 'binding.not_found',
    });
    expect(await subscribeDigest(deps, { ...input, hour: 24 })).toMatchObject({ ok: false, code: 'input.invalid' });
    expect(await setMinGroupSize(deps, board.organisationId, null, 0)).toMatchObject({
      ok: false,
      code: 'input.invalid',
    });
    expect(await t.store.digests.minGroupSize(board.organisationId)).toBeNull();
    expect(await t.store.digests.removeSubscription(other.organisationId, first.ok ? first.value.id : '')).toBe(false);
    expect(await t.store.digests.removeSubscription(board.organisationId, first.ok ? first.value.id : '')).toBe(true);
    expect(await t.store.digests.listSubscriptions(board.organisationId)).toEqual([]);
  });
});
