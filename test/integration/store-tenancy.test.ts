import { expect, it } from 'vitest';
import { forEachStore } from '../support/db.js';
import { aBinding, anOrganisation, aPerson, aRound, aSchool, aTeam, id, seedTeam, T0 } from './builders.js';

forEachStore('store: organisations, schools, teams, bindings', (t) => {
  it('round-trips an organisation and patches only what is given', async () => {
    const organisation = anOrganisation({ retentionDays: null });
    await t.store.organisations.create(organisation);
    expect(await t.store.organisations.get(organisation.id)).toEqual(organisation);

    await t.store.organisations.update(organisation.id, { name: 'Stichting Eik', retentionDays: 365 });
    await t.store.organisations.update(organisation.id, {});
    expect(await t.store.organisations.get(organisation.id)).toEqual({
      ...organisation,
      name: 'Stichting Eik',
      retentionDays: 365,
    });
    expect(await t.store.organisations.get(id())).toBeNull();
  });

  it('lists every organisation, oldest first', async () => {
    const later = anOrganisation({ createdAt: new Date(T0.getTime() + 1000) });
    const first = anOrganisation();
    await t.store.organisations.create(later);
    await t.store.organisations.create(first);
    expect((await t.store.organisations.list()).map((o) => o.id)).toEqual([first.id, later.id]);
  });

  it('links a workspace idempotently and refuses to move it to another organisation', async () => {
    const a = anOrganisation();
    const b = anOrganisation();
    await t.store.organisations.create(a);
    await t.store.organisations.create(b);
    await t.store.workspaces.link('slack', 'T0001', a.id);
    await t.store.workspaces.link('slack', 'T0001', a.id);
    expect(await t.store.workspaces.findOrganisation('slack', 'T0001')).toBe(a.id);
    expect(await t.store.workspaces.findOrganisation('teams', 'T0001')).toBeNull();
    await expect(t.store.workspaces.link('slack', 'T0001', b.id)).rejects.toThrow(/another organisation/);
    expect(await t.store.workspaces.findOrganisation('slack', 'T0001')).toBe(a.id);
  });

  it('keeps schools and teams within their organisation', async () => {
    const mine = await seedTeam(t.store);
    const theirs = await seedTeam(t.store);
    expect(await t.store.schools.get(mine.organisationId, mine.school.id)).toEqual(mine.school);
    expect(await t.store.teams.get(mine.organisationId, mine.team.id)).toEqual(mine.team);
    expect(await t.store.schools.get(mine.organisationId, theirs.school.id)).toBeNull();
    expect(await t.store.teams.get(mine.organisationId, theirs.team.id)).toBeNull();
    expect(await t.store.schools.list(mine.organisationId)).toEqual([mine.school]);
    expect(await t.store.teams.list(theirs.organisationId)).toEqual([theirs.team]);
  });

  it('finds teams by name case-insensitively, in every school of the organisation only', async () => {
    const { organisationId, school } = await seedTeam(t.store);
    const other = aSchool(organisationId, { name: 'CBS Het Anker' });
    await t.store.schools.create(other);
    const twin = aTeam(organisationId, other.id, { name: 'GROEP 5-8' });
    await t.store.teams.create(twin);
    await t.store.teams.create(aTeam(organisationId, school.id, { name: 'Groep 1-2' }));
    await seedTeam(t.store); // another organisation with a "Groep 5-8"

    const found = await t.store.teams.findByName(organisationId, 'groep 5-8');
    expect(found.map((team) => team.name).sort()).toEqual(['GROEP 5-8', 'Groep 5-8']);
    expect(await t.store.teams.findByName(organisationId, 'groep 5')).toEqual([]);
    expect((await t.store.teams.list(organisationId)).map((team) => team.name)).toEqual([
      'GROEP 5-8',
      'Groep 1-2',
      'Groep 5-8',
    ]);
  });

  it('binds a channel with its jsonb address, and rebinding moves it to the new team', async () => {
    const { organisationId, school, team } = await seedTeam(t.store);
    const binding = aBinding(organisationId, team.id);
    expect(await t.store.bindings.upsert(binding)).toEqual(binding);
    const stored = await t.store.bindings.get(organisationId, binding.id);
    expect(stored).toEqual(binding);
    expect(stored?.address).toEqual({
      conversation: { id: '19:abc@thread.tacv2', tenantId: 't-1' },
      serviceUrl: 'https://smba.example/emea/',
    });

    const newTeam = aTeam(organisationId, school.id, { name: 'Groep 3-4' });
    await t.store.teams.create(newTeam);
    const moved = await t.store.bindings.upsert({
      ...binding,
      id: id(),
      teamId: newTeam.id,
      name: '#groep-3-4',
      address: { v: 2 },
    });
    expect(moved).toEqual({ ...binding, teamId: newTeam.id, name: '#groep-3-4', address: { v: 2 } });
    expect(await t.store.bindings.listByTeam(organisationId, team.id)).toEqual([]);
    expect(await t.store.bindings.listByTeam(organisationId, newTeam.id)).toEqual([moved]);
    expect(await t.store.bindings.list(organisationId)).toEqual([moved]);
  });

  it('finds a binding by channel across organisations, and never lets another organisation take it', async () => {
    const mine = await seedTeam(t.store);
    const theirs = await seedTeam(t.store);
    const binding = aBinding(mine.organisationId, mine.team.id, {
      platform: 'teams',
      workspaceId: 'tenant-1',
      channelId: '19:x',
    });
    await t.store.bindings.upsert(binding);
    expect(await t.store.bindings.findByChannel('teams', 'tenant-1', '19:x')).toEqual(binding);
    expect(await t.store.bindings.findByChannel('slack', 'tenant-1', '19:x')).toBeNull();
    expect(await t.store.bindings.get(theirs.organisationId, binding.id)).toBeNull();
    expect(await t.store.bindings.list(theirs.organisationId)).toEqual([]);

    await expect(
      t.store.bindings.upsert({ ...binding, id: id(), organisationId: theirs.organisationId, teamId: theirs.team.id }),
    ).rejects.toThrow(/another organisation/);
    await t.store.bindings.remove(theirs.organisationId, binding.id);
    expect(await t.store.bindings.get(mine.organisationId, binding.id)).toEqual(binding);
    await t.store.bindings.remove(mine.organisationId, binding.id);
    expect(await t.store.bindings.findByChannel('teams', 'tenant-1', '19:x')).toBeNull();
  });

  it('reads the bindings, rounds and organisations of a delivery batch at once, each within its organisation', async () => {
    const mine = await seedTeam(t.store);
    const theirs = await seedTeam(t.store);
    const first = aBinding(mine.organisationId, mine.team.id, { channelId: 'C1' });
    const second = aBinding(mine.organisationId, mine.team.id, { channelId: 'C2' });
    const elsewhere = aBinding(theirs.organisationId, theirs.team.id, { channelId: 'C3' });
    for (const binding of [first, second, elsewhere]) await t.store.bindings.upsert(binding);
    const round = aRound(mine.organisationId, mine.team.id);
    const theirRound = aRound(theirs.organisationId, theirs.team.id);
    await t.store.rounds.create(round);
    await t.store.rounds.create(theirRound);
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

    const bindings = await t.store.bindings.getMany([
      { organisationId: mine.organisationId, id: first.id },
      { organisationId: mine.organisationId, id: second.id },
      { organisationId: mine.organisationId, id: first.id },
      // Another organisation's binding named under mine, and an id that does not exist: left out.
      { organisationId: mine.organisationId, id: elsewhere.id },
      { organisationId: mine.organisationId, id: id() },
    ]);
    expect(byId(bindings)).toEqual(byId([first, second]));
    expect(await t.store.bindings.getMany([{ organisationId: theirs.organisationId, id: elsewhere.id }])).toEqual([
      elsewhere,
    ]);
    expect(await t.store.bindings.getMany([])).toEqual([]);

    const rounds = await t.store.rounds.getMany([
      { organisationId: mine.organisationId, id: round.id },
      { organisationId: mine.organisationId, id: theirRound.id },
      { organisationId: theirs.organisationId, id: theirRound.id },
    ]);
    expect(byId(rounds)).toEqual(byId([round, theirRound]));
    expect(await t.store.rounds.getMany([])).toEqual([]);

    const organisations = await t.store.organisations.getMany([mine.organisationId, theirs.organisationId, id()]);
    expect(organisations.map((o) => o.id).sort()).toEqual([mine.organisationId, theirs.organisationId].sort());
  });
});

forEachStore('store: people, identities, roles', (t) => {
  it('round-trips a person, patches them, and keeps them in their organisation', async () => {
    const { organisationId } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const person = aPerson(organisationId);
    await t.store.people.create(person);
    expect(await t.store.people.get(organisationId, person.id)).toEqual(person);
    expect(await t.store.people.get(other.organisationId, person.id)).toBeNull();
    expect(await t.store.people.list(other.organisationId)).toEqual([]);

    await t.store.people.update(organisationId, person.id, { email: null, locale: 'en' });
    await t.store.people.update(other.organisationId, person.id, { displayName: 'Hijacked' });
    expect(await t.store.people.list(organisationId)).toEqual([{ ...person, email: null, locale: 'en' }]);
  });

  it('finds a person by any identity, across organisations, and adds identities idempotently', async () => {
    const { organisationId } = await seedTeam(t.store);
    const person = aPerson(organisationId);
    const someoneElse = aPerson(organisationId, { displayName: 'Bram' });
    await t.store.people.create(person);
    await t.store.people.create(someoneElse);
    const slack = {
      personId: person.id,
      organisationId,
      platform: 'slack' as const,
      workspaceId: 'T0001',
      userId: 'U1',
    };
    const teams = {
      personId: person.id,
      organisationId,
      platform: 'teams' as const,
      workspaceId: 'tenant-1',
      userId: 'aad-1',
    };
    await t.store.people.addIdentity(slack);
    await t.store.people.addIdentity(slack);
    await t.store.people.addIdentity(teams);
    // The first person to hold an account keeps it.
    await t.store.people.addIdentity({ ...slack, personId: someoneElse.id });

    expect(await t.store.people.findByIdentity('slack', 'T0001', 'U1')).toEqual(person);
    expect(await t.store.people.findByIdentity('teams', 'tenant-1', 'aad-1')).toEqual(person);
    expect(await t.store.people.findByIdentity('slack', 'T0002', 'U1')).toBeNull();
    expect(await t.store.people.identities(organisationId, person.id)).toEqual([slack, teams]);
    expect(await t.store.people.identities(organisationId, someoneElse.id)).toEqual([]);
  });

  it('grants roles at every scope once, lists and revokes them', async () => {
    const { organisationId, school, team } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const person = aPerson(organisationId);
    await t.store.people.create(person);
    const organisationWide = {
      personId: person.id,
      organisationId,
      role: 'leader' as const,
      scope: { kind: 'organisation' as const },
    };
    const schoolWide = {
      personId: person.id,
      organisationId,
      role: 'coordinator' as const,
      scope: { kind: 'school' as const, schoolId: school.id },
    };
    const teamMember = {
      personId: person.id,
      organisationId,
      role: 'member' as const,
      scope: { kind: 'team' as const, teamId: team.id },
    };
    for (const grant of [organisationWide, organisationWide, schoolWide, teamMember, teamMember])
      await t.store.people.grantRole(grant);

    expect(await t.store.people.roles(organisationId, person.id)).toEqual([schoolWide, organisationWide, teamMember]);
    expect(await t.store.people.listByRole(organisationId, 'leader')).toEqual([organisationWide]);
    expect(await t.store.people.listByRole(other.organisationId, 'leader')).toEqual([]);
    expect(await t.store.people.roles(other.organisationId, person.id)).toEqual([]);

    await t.store.people.revokeRole({ ...organisationWide, organisationId: other.organisationId });
    expect(await t.store.people.listByRole(organisationId, 'leader')).toEqual([organisationWide]);
    await t.store.people.revokeRole(organisationWide);
    await t.store.people.revokeRole({ ...schoolWide, scope: { kind: 'school', schoolId: 'elsewhere' } });
    expect(await t.store.people.roles(organisationId, person.id)).toEqual([schoolWide, teamMember]);
  });
});
