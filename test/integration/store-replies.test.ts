import { expect, it } from 'vitest';
import { forEachStore } from '../support/db.js';
import { anAction, aPerson, aReply, aRound, at, id, seedTeam } from './builders.js';

forEachStore('store: replies', (t) => {
  async function seedRound() {
    const seeded = await seedTeam(t.store);
    const round = aRound(seeded.organisationId, seeded.team.id);
    await t.store.rounds.create(round);
    return { ...seeded, round };
  }

  it('round-trips a reply and lists a round oldest first, without deleted ones', async () => {
    const { organisationId, round } = await seedRound();
    const second = aReply(organisationId, round.id, { createdAt: at(2), questionKey: null });
    const first = aReply(organisationId, round.id, {
      createdAt: at(1),
      authorPersonId: 'p-1',
      source: 'form',
      platform: null,
      platformMessageId: null,
    });
    const deleted = aReply(organisationId, round.id, { createdAt: at(0) });
    for (const reply of [second, first, deleted])
      expect(await t.store.replies.insert(reply)).toEqual({ inserted: true });

    expect(await t.store.replies.get(organisationId, first.id)).toEqual(first);
    await t.store.replies.markDeleted(organisationId, deleted.id, at(5));
    await t.store.replies.markDeleted(organisationId, deleted.id, at(9));
    expect(await t.store.replies.listByRound(organisationId, round.id)).toEqual([first, second]);
    // A deleted reply stays findable, so an edit or redelivery of its message cannot revive it.
    expect(await t.store.replies.get(organisationId, deleted.id)).toEqual({ ...deleted, deletedAt: at(5) });
  });

  it('stores a redelivered platform message once and hands back the stored reply', async () => {
    const { organisationId, round } = await seedRound();
    const reply = aReply(organisationId, round.id, { platformMessageId: '1700000000.000100' });
    expect(await t.store.replies.insert(reply)).toEqual({ inserted: true });
    expect(await t.store.replies.insert({ ...reply, id: id(), text: 'again' })).toEqual({
      inserted: false,
      existing: reply,
    });
    expect(await t.store.replies.insert(reply)).toEqual({ inserted: false, existing: reply });
    // The same message id on another platform is another message.
    expect(await t.store.replies.insert({ ...reply, id: id(), platform: 'teams' })).toEqual({ inserted: true });
    // Replies without a message id are not deduplicated on it (form answers have their own key).
    const noMessageId = { platform: null, platformMessageId: null, source: 'thread' as const };
    expect(await t.store.replies.insert(aReply(organisationId, round.id, noMessageId))).toEqual({ inserted: true });
    expect(await t.store.replies.insert(aReply(organisationId, round.id, noMessageId))).toEqual({ inserted: true });
    expect(await t.store.replies.findByPlatformMessage(organisationId, 'slack', '1700000000.000100')).toEqual(reply);
    expect(await t.store.replies.listByRound(organisationId, round.id)).toHaveLength(4);
  });

  it('records an event id and its reply in one write, the reply only for a new event', async () => {
    const { organisationId, round } = await seedRound();
    const reply = aReply(organisationId, round.id, { platformMessageId: '1700000000.000200' });
    const event = { platform: 'slack' as const, eventId: 'EvR1', seenAt: at(1) };
    expect(await t.store.replies.insertForEvent(reply, event)).toBe('stored');
    expect(await t.store.replies.get(organisationId, reply.id)).toEqual(reply);
    // The same event again: nothing new, whatever it carries.
    expect(await t.store.replies.insertForEvent({ ...reply, id: id(), platformMessageId: 'other' }, event)).toBe(
      'seen',
    );
    // A new event for a stored message: the event is recorded, the reply is not stored twice.
    expect(await t.store.replies.insertForEvent({ ...reply, id: id() }, { ...event, eventId: 'EvR2' })).toBe('known');
    expect(await t.store.inbound.firstSeen('slack', 'EvR2', at(2))).toBe(false);
    // Concurrent copies of one event, from two connections: one stores it.
    const copy = aReply(organisationId, round.id, { platformMessageId: '1700000000.000300' });
    const racers = await Promise.all(
      [t.store, t.peer, t.store, t.peer].map((store) =>
        store.replies.insertForEvent({ ...copy, id: id() }, { ...event, eventId: 'EvR3' }),
      ),
    );
    expect(racers.filter((r) => r === 'stored')).toHaveLength(1);
    expect(racers.filter((r) => r === 'seen')).toHaveLength(3);
    expect(await t.store.replies.listByRound(organisationId, round.id)).toHaveLength(2);
  });

  it('scopes platform message ids and every lookup to the organisation', async () => {
    const mine = await seedRound();
    const theirs = await seedRound();
    const reply = aReply(mine.organisationId, mine.round.id, { platformMessageId: 'm-1' });
    await t.store.replies.insert(reply);
    expect(
      await t.store.replies.insert(aReply(theirs.organisationId, theirs.round.id, { platformMessageId: 'm-1' })),
    ).toEqual({ inserted: true });
    expect(await t.store.replies.findByPlatformMessage(theirs.organisationId, 'slack', 'm-1')).toMatchObject({
      organisationId: theirs.organisationId,
    });
    expect(await t.store.replies.get(theirs.organisationId, reply.id)).toBeNull();
    expect(await t.store.replies.listByRound(theirs.organisationId, mine.round.id)).toEqual([]);

    await t.store.replies.update(theirs.organisationId, reply.id, { text: 'x', questionKey: null, editedAt: at(1) });
    await t.store.replies.markDeleted(theirs.organisationId, reply.id, at(1));
    expect(await t.store.replies.get(mine.organisationId, reply.id)).toEqual(reply);
  });

  it('brings a deleted reply back with new text when asked to (a Teams undelete), and only then', async () => {
    const { organisationId, round } = await seedRound();
    const reply = aReply(organisationId, round.id, { platformMessageId: 'm-undelete' });
    await t.store.replies.insert(reply);
    await t.store.replies.markDeleted(organisationId, reply.id, at(1));
    await t.store.replies.update(organisationId, reply.id, { text: 'bewerkt', questionKey: null, editedAt: at(2) });
    expect(await t.store.replies.listByRound(organisationId, round.id)).toEqual([]);
    await t.store.replies.update(organisationId, reply.id, {
      text: 'terug',
      questionKey: null,
      editedAt: at(3),
      deletedAt: null,
    });
    expect(await t.store.replies.listByRound(organisationId, round.id)).toMatchObject([
      { id: reply.id, text: 'terug', deletedAt: null },
    ]);
  });

  it('edits a reply and finds the live form answer of one author', async () => {
    const { organisationId, round } = await seedRound();
    const thread = aReply(organisationId, round.id, { questionKey: 'evidence', authorToken: 'tok' });
    const form = aReply(organisationId, round.id, {
      questionKey: 'evidence',
      authorToken: 'tok',
      source: 'form',
      platform: null,
      platformMessageId: null,
      createdAt: at(1),
    });
    await t.store.replies.insert(thread);
    await t.store.replies.insert(form);

    expect(await t.store.replies.findFormAnswer(organisationId, round.id, 'evidence', 'tok')).toEqual(form);
    expect(await t.store.replies.findFormAnswer(organisationId, round.id, 'evidence', 'other')).toBeNull();
    expect(await t.store.replies.findFormAnswer(organisationId, round.id, 'done_well', 'tok')).toBeNull();

    await t.store.replies.update(organisationId, form.id, {
      text: 'De toets laat het zien.',
      questionKey: 'evidence',
      editedAt: at(3),
    });
    expect(await t.store.replies.get(organisationId, form.id)).toEqual({
      ...form,
      text: 'De toets laat het zien.',
      editedAt: at(3),
    });
    await t.store.replies.markDeleted(organisationId, form.id, at(4));
    // Thread replies are not form answers: the form starts empty again.
    expect(await t.store.replies.findFormAnswer(organisationId, round.id, 'evidence', 'tok')).toBeNull();
  });
});

forEachStore('store: actions, audit, inbound events', (t) => {
  it('round-trips an action with its date and patches it', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const person = aPerson(organisationId);
    await t.store.people.create(person);
    const action = await t.store.actions.create(anAction(organisationId, team.id));
    expect(action.number).toBe(1);
    expect(await t.store.actions.get(organisationId, action.id)).toEqual(action);
    expect(await t.store.actions.get(other.organisationId, action.id)).toBeNull();

    await t.store.actions.update(organisationId, action.id, {
      status: 'in_progress',
      ownerPersonId: person.id,
      updatedAt: at(5),
    });
    await t.store.actions.update(other.organisationId, action.id, { title: 'stolen', updatedAt: at(6) });
    await t.store.actions.update(organisationId, action.id, { dueOn: null, remindedAt: at(7), updatedAt: at(7) });
    expect(await t.store.actions.get(organisationId, action.id)).toEqual({
      ...action,
      status: 'in_progress',
      ownerPersonId: person.id,
      dueOn: null,
      remindedAt: at(7),
      updatedAt: at(7),
    });
  });

  it("lists a team's actions by status, oldest first", async () => {
    const { organisationId, team, school } = await seedTeam(t.store);
    const open = await t.store.actions.create(
      anAction(organisationId, team.id, { createdAt: at(2), dueOn: '2025-12-31' }),
    );
    const done = await t.store.actions.create(anAction(organisationId, team.id, { createdAt: at(1), status: 'done' }));
    await t.store.actions.create(anAction(organisationId, (await seedTeamIn(school.id)).id));
    expect([open.number, done.number]).toEqual([1, 2]);

    expect(await t.store.actions.listByTeam(organisationId, team.id)).toEqual([done, open]);
    expect(await t.store.actions.listByTeam(organisationId, team.id, ['open', 'in_progress'])).toEqual([open]);
    expect(await t.store.actions.listByTeam(organisationId, team.id, [])).toEqual([]);
    expect(await t.store.actions.list(organisationId)).toHaveLength(3);

    async function seedTeamIn(schoolId: string) {
      const other = { id: id(), organisationId, schoolId, name: 'Groep 1-2' };
      await t.store.teams.create(other);
      return other;
    }
  });

  it('keeps an audit log per organisation, newest first, with jsonb details', async () => {
    const a = await seedTeam(t.store);
    const b = await seedTeam(t.store);
    const entry = (n: number, organisationId = a.organisationId) => ({
      organisationId,
      actorPersonId: n === 0 ? null : `p-${n}`,
      action: 'round.triggered',
      subject: `round:${n}`,
      details: { n, nested: { list: [1, 'two'] } },
      at: at(n),
    });
    for (const e of [entry(1), entry(3), entry(2), entry(0, b.organisationId)]) await t.store.audit.record(e);
    expect(await t.store.audit.list(a.organisationId)).toEqual([entry(3), entry(2), entry(1)]);
    expect(await t.store.audit.list(a.organisationId, 2)).toEqual([entry(3), entry(2)]);
    expect(await t.store.audit.list(b.organisationId)).toEqual([entry(0, b.organisationId)]);
  });

  it('sees an inbound event id the first time only, per platform', async () => {
    expect(await t.store.inbound.firstSeen('slack', 'Ev01', at(0))).toBe(true);
    expect(await t.store.inbound.firstSeen('slack', 'Ev01', at(1))).toBe(false);
    expect(await t.store.inbound.firstSeen('teams', 'Ev01', at(1))).toBe(true);
    const racers = await Promise.all(
      [t.store, t.peer, t.store, t.peer].map((store) => store.inbound.firstSeen('slack', 'Ev02', at(2))),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);
  });
});
