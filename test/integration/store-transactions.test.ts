import { expect, it } from 'vitest';
import { forEachStore } from '../support/db.js';
import { aDelivery, anOrganisation, aRound, seedTeam } from './builders.js';

forEachStore('store: transactions', (t) => {
  it('commits every write of the work and returns its value', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const round = aRound(organisationId, team.id);
    const delivery = aDelivery(organisationId, { roundId: round.id });
    const result = await t.store.transaction(async (tx) => {
      await tx.rounds.create(round);
      await tx.deliveries.enqueue(delivery);
      return 'opened';
    });
    expect(result).toBe('opened');
    expect(await t.store.rounds.get(organisationId, round.id)).toEqual(round);
    expect(await t.store.deliveries.get(organisationId, delivery.id)).toEqual(delivery);
  });

  it('rolls back every write when the work throws, and rethrows', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const round = aRound(organisationId, team.id);
    const organisation = anOrganisation();
    const failure = new Error('boom');
    await expect(
      t.store.transaction(async (tx) => {
        await tx.organisations.create(organisation);
        await tx.rounds.create(round);
        await tx.rounds.markClosed(organisationId, round.id, round.closesAt);
        expect(await tx.rounds.get(organisationId, round.id)).toMatchObject({ status: 'closed' });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await t.store.organisations.get(organisation.id)).toBeNull();
    expect(await t.store.rounds.get(organisationId, round.id)).toBeNull();
    expect(await t.store.rounds.list(organisationId)).toEqual([]);
  });

  it('joins an open transaction when asked for another inside it', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const inner = aRound(organisationId, team.id);
    const outer = aRound(organisationId, team.id);
    await expect(
      t.store.transaction(async (tx) => {
        await tx.rounds.create(outer);
        await tx.transaction(async (nested) => {
          await nested.rounds.create(inner);
        });
        throw new Error('after the nested one finished');
      }),
    ).rejects.toThrow('after the nested one finished');
    // The nested work was part of the outer transaction, so it rolled back with it.
    expect(await t.store.rounds.get(organisationId, inner.id)).toBeNull();
    expect(await t.store.rounds.get(organisationId, outer.id)).toBeNull();
  });

  it('keeps the store usable after a failed statement rolled a transaction back', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const round = aRound(organisationId, team.id);
    await expect(
      t.store.transaction(async (tx) => {
        await tx.rounds.create(round);
        await tx.organisations.create(anOrganisation({ id: organisationId })); // duplicate primary key
      }),
    ).rejects.toThrow();
    expect(await t.store.rounds.get(organisationId, round.id)).toBeNull();
    expect(await t.store.rounds.create(round)).toBe(true);
  });
});
