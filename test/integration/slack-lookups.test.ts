import { expect, it } from 'vitest';
import { createSlackLookups } from '../../src/bot/slack/slack-lookups.js';
import { forEachStore } from '../support/db.js';
import { aBinding, aDelivery, aPerson, aRound, aTeam, seedTeam } from './builders.js';

/** The Slack thread-reply path's in-process cache: found values are kept, writes through the guarded store forget them. */
forEachStore('Slack lookups', (t) => {
  it('keeps a found binding, forgets it when a binding is written, and never keeps "not bound"', async () => {
    const { organisationId, team, school } = await seedTeam(t.store);
    const lookups = createSlackLookups();
    const store = lookups.guard(t.store);
    expect(await lookups.binding(store, 'T0001', 'C0LOOKUP')).toBeNull();
    const bound = await t.store.bindings.upsert(aBinding(organisationId, team.id, { workspaceId: 'T0001', channelId: 'C0LOOKUP' }));
    // Not bound a moment ago, bound now: the miss was not cached.
    expect(await lookups.binding(store, 'T0001', 'C0LOOKUP')).toMatchObject({ id: bound.id, teamId: team.id });
    const other = aTeam(organisationId, school.id);
    await t.store.teams.create(other);
    // Moved behind the cache's back (another process): still the cached team.
    await t.store.bindings.upsert(aBinding(organisationId, other.id, { workspaceId: 'T0001', channelId: 'C0LOOKUP' }));
    expect(await lookups.binding(store, 'T0001', 'C0LOOKUP')).toMatchObject({ teamId: team.id });
    // Moved through the guarded store, inside a transaction: seen at once.
    await store.transaction((tx) => tx.bindings.upsert(aBinding(organisationId, other.id, { workspaceId: 'T0001', channelId: 'C0LOOKUP' })));
    expect(await lookups.binding(store, 'T0001', 'C0LOOKUP')).toMatchObject({ teamId: other.id });
  });

  it("keeps a posted prompt's round, and nothing for a post that is no prompt", async () => {
    const { organisationId } = await seedTeam(t.store);
    const lookups = createSlackLookups();
    const store = lookups.guard(t.store);
    expect(await lookups.promptRound(store, 'b-1', '1700.0001')).toBeNull();
    const prompt = aDelivery(organisationId, { roundId: 'r-1', purpose: 'prompt', target: { kind: 'channel', bindingId: 'b-1' }, postedRef: '1700.0001' });
    await t.store.deliveries.enqueue(prompt);
    expect(await lookups.promptRound(store, 'b-1', '1700.0001')).toBe('r-1');
  });

  it('keeps a resolved person and a committed membership until a person write through the guarded store', async () => {
    const { organisationId } = await seedTeam(t.store);
    const lookups = createSlackLookups();
    const store = lookups.guard(t.store);
    const anouk = aPerson(organisationId);
    await t.store.people.create(anouk);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return (await store.people.get(organisationId, anouk.id)) ?? anouk;
    };
    await lookups.person(organisationId, 'T0001', 'U0ANOUK', load);
    expect(await lookups.person(organisationId, 'T0001', 'U0ANOUK', load)).toMatchObject({ locale: 'nl' });
    expect(loads).toBe(1);
    await store.people.update(organisationId, anouk.id, { locale: 'en' });
    expect(await lookups.person(organisationId, 'T0001', 'U0ANOUK', load)).toMatchObject({ locale: 'en' });
    expect(loads).toBe(2);
    lookups.rememberMember(anouk.id, 'team-7');
    expect(lookups.knownMember(anouk.id, 'team-7')).toBe(true);
    expect(lookups.knownMember(anouk.id, 'team-8')).toBe(false);
    await store.people.revokeRole({ organisationId, personId: anouk.id, role: 'member', scope: { kind: 'team', teamId: 'team-7' } });
    expect(lookups.knownMember(anouk.id, 'team-7')).toBe(false);
    expect(loads).toBe(2);
    await lookups.person(organisationId, 'T0001', 'U0ANOUK', load);
    expect(loads).toBe(3);
    await store.privacy.erasePerson(organisationId, { personId: anouk.id, authorTokens: [] }, new Date());
    await lookups.person(organisationId, 'T0001', 'U0ANOUK', load);
    expect(loads).toBe(4);
  });

  it('keeps an open round and a person\'s grants for the answer path, and forgets them on role and closing writes', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const lookups = createSlackLookups();
    const store = lookups.guard(t.store);
    const anouk = aPerson(organisationId);
    await t.store.people.create(anouk);
    const round = aRound(organisationId, team.id);
    await t.store.rounds.create(round);
    const member = { organisationId, personId: anouk.id, role: 'member' as const, scope: { kind: 'team' as const, teamId: team.id } };
    expect(await store.rounds.getForAnswer(organisationId, round.id, anouk.id)).toMatchObject({ round: { status: 'open' }, grants: [] });
    // Granted behind the cache's back (another process): not seen yet.
    await t.store.people.grantRole(member);
    expect((await store.rounds.getForAnswer(organisationId, round.id, anouk.id))?.grants).toEqual([]);
    // Granted through the guarded store: seen at once.
    await store.people.grantRole(member);
    expect((await store.rounds.getForAnswer(organisationId, round.id, anouk.id))?.grants).toEqual([member]);
    // Closed behind the cache's back: still open here; closed through the guarded store: seen at once.
    await t.store.rounds.markClosed(organisationId, round.id, new Date());
    expect((await store.rounds.getForAnswer(organisationId, round.id, anouk.id))?.round.status).toBe('open');
    await store.rounds.markClosed(organisationId, round.id, new Date());
    expect((await store.rounds.getForAnswer(organisationId, round.id, anouk.id))?.round.status).toBe('closed');
    expect(await store.rounds.getForAnswer(organisationId, 'no-such-round', anouk.id)).toBeNull();
    await store.people.revokeRole(member);
    expect((await store.rounds.getForAnswer(organisationId, round.id, anouk.id))?.grants).toEqual([]);
  });
});
