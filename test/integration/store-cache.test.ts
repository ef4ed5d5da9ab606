import { expect, it } from 'vitest';
import { CACHE_STALE_AFTER_MS, createStoreCache } from '../../src/dialogues/cached-store.js';
import { forEachStore } from '../support/db.js';
import { movableClock } from '../support/world.js';
import { aBinding, aDelivery, aPerson, aRound, aTeam, seedTeam } from './builders.js';

/**
 * The store cache every platform reads through: found values are kept for a short while, writes
 * made through the cached store empty what they made stale at once, and writes of another process
 * (here: the uncached store, as the CLI would write) are seen within the bound, on the injected clock.
 */
forEachStore('store cache', (t) => {
  const bound = CACHE_STALE_AFTER_MS;

  it('keeps a found binding, forgets it when a binding is written through it, and never keeps "not bound"', async () => {
    const { organisationId, team, school } = await seedTeam(t.store);
    const clock = movableClock();
    const { store } = createStoreCache(t.store, { clock });
    const find = () => store.bindings.findByChannel('slack', 'T0001', 'C0CACHE');
    expect(await find()).toBeNull();
    const first = await t.store.bindings.upsert(
      aBinding(organisationId, team.id, { workspaceId: 'T0001', channelId: 'C0CACHE' }),
    );
    // Not bound a moment ago, bound now: the miss was not kept.
    expect(await find()).toMatchObject({ id: first.id, teamId: team.id });
    const other = aTeam(organisationId, school.id);
    await t.store.teams.create(other);
    // Moved by another process: the cached team until the bound passes, then the new one.
    await t.store.bindings.upsert(aBinding(organisationId, other.id, { workspaceId: 'T0001', channelId: 'C0CACHE' }));
    expect(await find()).toMatchObject({ teamId: team.id });
    clock.advance(bound - 1);
    expect(await find()).toMatchObject({ teamId: team.id });
    clock.advance(1);
    expect(await find()).toMatchObject({ teamId: other.id });
    // Moved back through the cached store, inside a transaction: seen at once.
    await store.transaction((tx) =>
      tx.bindings.upsert(aBinding(organisationId, team.id, { workspaceId: 'T0001', channelId: 'C0CACHE' })),
    );
    expect(await find()).toMatchObject({ teamId: team.id });
  });

  it("keeps a posted prompt's round, and nothing for a post that is no prompt", async () => {
    const { organisationId } = await seedTeam(t.store);
    const { store } = createStoreCache(t.store, { clock: movableClock() });
    expect(await store.deliveries.findPromptByPost('b-1', '1700.0001')).toBeNull();
    const prompt = aDelivery(organisationId, {
      roundId: 'r-1',
      purpose: 'prompt',
      target: { kind: 'channel', bindingId: 'b-1' },
      postedRef: '1700.0001',
    });
    await t.store.deliveries.enqueue(prompt);
    expect((await store.deliveries.findPromptByPost('b-1', '1700.0001'))?.roundId).toBe('r-1');
  });

  it('keeps a person and a committed membership until a person write through it; hands out frozen values', async () => {
    const { organisationId } = await seedTeam(t.store);
    const clock = movableClock();
    const { store, members } = createStoreCache(t.store, { clock });
    const anouk = aPerson(organisationId);
    await store.people.create(anouk);
    await store.people.addIdentity({
      organisationId,
      personId: anouk.id,
      platform: 'slack',
      workspaceId: 'T0001',
      userId: 'U0ANOUK',
    });
    const find = () => store.people.findByIdentity('slack', 'T0001', 'U0ANOUK');
    const found = await find();
    expect(found).toMatchObject({ id: anouk.id, locale: 'nl' });
    // Every reader gets the same frozen value: a caller cannot change what others are handed.
    expect(Object.isFrozen(found)).toBe(true);
    expect(() => {
      if (found) found.locale = 'en';
    }).toThrow(TypeError);
    expect(await find()).toBe(found);
    expect(await find()).toMatchObject({ locale: 'nl' });
    // Changed by another process: seen once the bound passed.
    await t.store.people.update(organisationId, anouk.id, { displayName: 'Anouk B.' });
    expect(await find()).toMatchObject({ displayName: anouk.displayName });
    clock.advance(bound);
    expect(await find()).toMatchObject({ displayName: 'Anouk B.' });
    // Changed through the cached store: seen at once.
    await store.people.update(organisationId, anouk.id, { locale: 'en' });
    expect(await find()).toMatchObject({ locale: 'en' });

    members.remember(anouk.id, 'team-7');
    expect(members.known(anouk.id, 'team-7')).toBe(true);
    expect(members.known(anouk.id, 'team-8')).toBe(false);
    await store.people.revokeRole({
      organisationId,
      personId: anouk.id,
      role: 'member',
      scope: { kind: 'team', teamId: 'team-7' },
    });
    expect(members.known(anouk.id, 'team-7')).toBe(false);
    members.remember(anouk.id, 'team-7');
    clock.advance(bound);
    expect(members.known(anouk.id, 'team-7')).toBe(false);
    await find();
    await store.privacy.erasePerson(organisationId, { personId: anouk.id, authorTokens: [] }, clock.now());
    expect(await find()).toBeNull();
  });

  it("keeps an open round and a person's grants for the answer path, and forgets them on role and closing writes", async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const clock = movableClock();
    const { store } = createStoreCache(t.store, { clock });
    const anouk = aPerson(organisationId);
    await t.store.people.create(anouk);
    const round = aRound(organisationId, team.id);
    await t.store.rounds.create(round);
    const member = {
      organisationId,
      personId: anouk.id,
      role: 'member' as const,
      scope: { kind: 'team' as const, teamId: team.id },
    };
    const forAnswer = () => store.rounds.getForAnswer(organisationId, round.id, anouk.id);
    expect(await forAnswer()).toMatchObject({ round: { status: 'open' }, grants: [] });
    // Granted by another process: not seen yet.
    await t.store.people.grantRole(member);
    expect((await forAnswer())?.grants).toEqual([]);
    // Granted through the cached store: seen at once.
    await store.people.grantRole(member);
    expect((await forAnswer())?.grants).toEqual([member]);
    // Frozen all the way down, nested arrays and objects too.
    const cached = await forAnswer();
    expect([cached?.round, cached?.grants, cached?.grants[0]?.scope].every((v) => Object.isFrozen(v))).toBe(true);
    // Closed by another process (the web channel of another replica): seen within the bound.
    await t.store.rounds.markClosed(organisationId, round.id, clock.now());
    expect((await forAnswer())?.round.status).toBe('open');
    clock.advance(bound);
    expect((await forAnswer())?.round.status).toBe('closed');
    expect(await store.rounds.getForAnswer(organisationId, 'no-such-round', anouk.id)).toBeNull();
    await store.people.revokeRole(member);
    expect((await forAnswer())?.grants).toEqual([]);
  });
});
