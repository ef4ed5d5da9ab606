import { expect, it } from 'vitest';
import { forEachStore } from '../support/db.js';
import { aPerson, aRound, aSchedule, aTeam, aTemplate, at, id, seedTeam } from './builders.js';

forEachStore('store: templates and schedules', (t) => {
  it('round-trips a template with its jsonb questions and metric keys', async () => {
    const { organisationId } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const template = aTemplate(organisationId, { remindAfterHours: null, anonymous: true });
    await t.store.templates.create(template);
    expect(await t.store.templates.get(organisationId, template.id)).toEqual(template);
    expect(await t.store.templates.list(organisationId)).toEqual([template]);
    expect(await t.store.templates.get(other.organisationId, template.id)).toBeNull();
    expect(await t.store.templates.list(other.organisationId)).toEqual([]);
  });

  it('round-trips who reads the answers: template audience, schedule override, round copy; bad values are refused', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const template = aTemplate(organisationId, { audience: 'leaders', shareWhileOpen: true });
    await t.store.templates.create(template);
    expect(await t.store.templates.get(organisationId, template.id)).toMatchObject({
      audience: 'leaders',
      shareWhileOpen: true,
    });
    const schedule = aSchedule(organisationId, template.id, [team.id], {
      visibility: 'anonymous',
      shareWhileOpen: false,
    });
    await t.store.schedules.create(schedule);
    expect(await t.store.schedules.get(organisationId, schedule.id)).toMatchObject({
      visibility: 'anonymous',
      shareWhileOpen: false,
    });
    const round = aRound(organisationId, team.id, { anonymous: true, audience: 'leaders', shareWhileOpen: true });
    await t.store.rounds.create(round);
    expect(await t.store.rounds.get(organisationId, round.id)).toEqual(round);
    // The database's check constraint (the memory store has none).
    if (t.db)
      await expect(
        t.store.schedules.create(
          aSchedule(organisationId, template.id, [team.id], { visibility: 'everyone' as never }),
        ),
      ).rejects.toThrow();
  });

  it('round-trips a schedule with team ids and blackout dates, pauses and removes it', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const template = aTemplate(organisationId);
    await t.store.templates.create(template);
    const schedule = aSchedule(organisationId, template.id, [team.id]);
    const theirTemplate = aTemplate(other.organisationId);
    await t.store.templates.create(theirTemplate);
    const theirs = aSchedule(other.organisationId, theirTemplate.id, [other.team.id], { createdAt: at(1) });
    await t.store.schedules.create(schedule);
    await t.store.schedules.create(theirs);

    expect(await t.store.schedules.get(organisationId, schedule.id)).toEqual(schedule);
    expect((await t.store.schedules.get(organisationId, schedule.id))?.blackouts[0]?.from).toBe('2025-02-15');
    expect(await t.store.schedules.list(organisationId)).toEqual([schedule]);
    expect(await t.store.schedules.get(other.organisationId, schedule.id)).toBeNull();
    expect(await t.store.schedules.listActive()).toEqual([schedule, theirs]);

    await t.store.schedules.setPaused(other.organisationId, schedule.id, true);
    expect(await t.store.schedules.listActive()).toEqual([schedule, theirs]);
    await t.store.schedules.setPaused(organisationId, schedule.id, true);
    expect(await t.store.schedules.listActive()).toEqual([theirs]);
    expect((await t.store.schedules.get(organisationId, schedule.id))?.paused).toBe(true);

    await t.store.schedules.remove(other.organisationId, schedule.id);
    expect(await t.store.schedules.get(organisationId, schedule.id)).not.toBeNull();
    await t.store.schedules.remove(organisationId, schedule.id);
    expect(await t.store.schedules.get(organisationId, schedule.id)).toBeNull();
  });

  it('records a scheduled occurrence once: the once-only gate', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const template = aTemplate(organisationId);
    await t.store.templates.create(template);
    const schedule = aSchedule(organisationId, template.id, [team.id]);
    await t.store.schedules.create(schedule);
    const run = {
      organisationId,
      scheduleId: schedule.id,
      occurrenceAt: at(60),
      outcome: 'opened' as const,
      recordedAt: at(61),
    };

    expect(await t.store.schedules.recordRun(run)).toBe(true);
    expect(await t.store.schedules.recordRun({ ...run, outcome: 'skipped_stale', recordedAt: at(62) })).toBe(false);
    expect(await t.store.schedules.recordRun({ ...run, occurrenceAt: at(0), outcome: 'skipped_blackout' })).toBe(true);
    expect(await t.store.schedules.runs(organisationId, schedule.id)).toEqual([
      { ...run, occurrenceAt: at(0), outcome: 'skipped_blackout' },
      run,
    ]);
    expect(await t.store.schedules.runs(id(), schedule.id)).toEqual([]);
  });

  it('lets exactly one of many concurrent ticks record an occurrence', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const template = aTemplate(organisationId);
    await t.store.templates.create(template);
    const schedule = aSchedule(organisationId, template.id, [team.id]);
    await t.store.schedules.create(schedule);
    const run = {
      organisationId,
      scheduleId: schedule.id,
      occurrenceAt: at(60),
      outcome: 'opened' as const,
      recordedAt: at(60),
    };
    const stores = [t.store, t.peer, t.store, t.peer, t.store, t.peer];
    const wins = await Promise.all(stores.map((store) => store.schedules.recordRun(run)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});

forEachStore('store: rounds', (t) => {
  it('round-trips a scheduled round with its jsonb questions and instants', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const round = aRound(organisationId, team.id, {
      trigger: 'scheduled',
      scheduleId: id(),
      templateId: id(),
      occurrenceAt: at(0),
      triggeredBy: 'p-1',
    });
    expect(await t.store.rounds.create(round)).toBe(true);
    const stored = await t.store.rounds.get(organisationId, round.id);
    expect(stored).toEqual(round);
    expect(stored?.openedAt).toBeInstanceOf(Date);
    expect(stored?.questions[1]).toEqual({ key: 'next_steps', phrasing: { en: 'What now?' } });
  });

  it("reads a round with its team and one person's grants in one lookup, within one organisation", async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const round = aRound(organisationId, team.id);
    await t.store.rounds.create(round);
    const [anouk, bram, stranger] = [aPerson(organisationId), aPerson(organisationId), aPerson(other.organisationId)];
    for (const person of [anouk, bram, stranger]) await t.store.people.create(person);
    const member = {
      personId: anouk.id,
      organisationId,
      role: 'member' as const,
      scope: { kind: 'team' as const, teamId: team.id },
    };
    const leader = {
      personId: anouk.id,
      organisationId,
      role: 'leader' as const,
      scope: { kind: 'organisation' as const },
    };
    const elsewhere = { ...leader, personId: stranger.id, organisationId: other.organisationId };
    for (const grant of [member, leader, { ...member, personId: bram.id }, elsewhere])
      await t.store.people.grantRole(grant);
    expect(await t.store.rounds.getForAnswer(organisationId, round.id, anouk.id)).toEqual({
      round,
      team,
      grants: [leader, member],
    });
    expect(await t.store.rounds.getForAnswer(organisationId, round.id, stranger.id)).toEqual({
      round,
      team,
      grants: [],
    });
    expect(await t.store.rounds.getForAnswer(other.organisationId, round.id, anouk.id)).toBeNull();
    expect(await t.store.rounds.getForAnswer(organisationId, 'no-such-round', anouk.id)).toBeNull();
  });

  it('creates a round once per (schedule, team, occurrence), and one open round per team unless a confirmed second', async () => {
    const { organisationId, school, team } = await seedTeam(t.store);
    const otherTeam = aTeam(organisationId, school.id);
    await t.store.teams.create(otherTeam);
    const scheduleId = id();
    const scheduled = aRound(organisationId, team.id, { trigger: 'scheduled', scheduleId, occurrenceAt: at(0) });
    expect(await t.store.rounds.create(scheduled)).toBe(true);
    expect(await t.store.rounds.create({ ...scheduled, id: id() })).toBe(false);
    expect(await t.store.rounds.create({ ...scheduled, id: id(), teamId: otherTeam.id })).toBe(true);
    const nextWeek = { ...scheduled, id: id(), occurrenceAt: at(7 * 24 * 60) };
    expect(await t.store.rounds.create(nextWeek)).toBe(false);
    expect(await t.store.rounds.create({ ...nextWeek, secondConfirmed: true })).toBe(true);
    expect(await t.store.rounds.create(aRound(organisationId, team.id))).toBe(false);
    expect(await t.store.rounds.create(aRound(organisationId, team.id, { secondConfirmed: true }))).toBe(true);
    expect(await t.store.rounds.create(aRound(organisationId, team.id, { secondConfirmed: true }))).toBe(true);
    expect(await t.store.rounds.create(aRound(organisationId, team.id, { status: 'closed', closedAt: at(5) }))).toBe(
      true,
    );
    expect(await t.store.rounds.list(organisationId)).toHaveLength(6);
    // Closing the round that held the slot frees it.
    expect(await t.store.rounds.markClosed(organisationId, scheduled.id, at(60))).toBe(true);
    expect(await t.store.rounds.create(aRound(organisationId, team.id))).toBe(true);
  });

  it('lists newest first, filtered by team, status and limit, within one organisation', async () => {
    const { organisationId, school, team } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const otherTeam = aTeam(organisationId, school.id);
    await t.store.teams.create(otherTeam);
    const oldest = aRound(organisationId, team.id, { openedAt: at(0) });
    const middle = aRound(organisationId, otherTeam.id, { openedAt: at(10), status: 'closed', closedAt: at(20) });
    const newest = aRound(organisationId, team.id, { openedAt: at(30), secondConfirmed: true });
    for (const round of [middle, newest, oldest, aRound(other.organisationId, other.team.id)])
      await t.store.rounds.create(round);

    expect((await t.store.rounds.list(organisationId)).map((r) => r.id)).toEqual([newest.id, middle.id, oldest.id]);
    expect((await t.store.rounds.list(organisationId, { teamId: team.id })).map((r) => r.id)).toEqual([
      newest.id,
      oldest.id,
    ]);
    expect((await t.store.rounds.list(organisationId, { status: 'closed' })).map((r) => r.id)).toEqual([middle.id]);
    expect((await t.store.rounds.list(organisationId, { status: 'open', limit: 1 })).map((r) => r.id)).toEqual([
      newest.id,
    ]);
    expect(await t.store.rounds.get(other.organisationId, newest.id)).toBeNull();
  });

  it('lists rounds due to close and to remind across organisations', async () => {
    const a = await seedTeam(t.store);
    const b = await seedTeam(t.store);
    const closesFirst = aRound(a.organisationId, a.team.id, { closesAt: at(60), remindAt: at(30) });
    const closesLater = aRound(b.organisationId, b.team.id, { closesAt: at(90), remindAt: at(40) });
    const second = { secondConfirmed: true };
    const notYet = aRound(a.organisationId, a.team.id, { closesAt: at(500), remindAt: at(400), ...second });
    const noReminder = aRound(b.organisationId, b.team.id, { closesAt: at(500), remindAt: null, ...second });
    const reminded = aRound(a.organisationId, a.team.id, {
      closesAt: at(500),
      remindAt: at(10),
      remindedAt: at(10),
      ...second,
    });
    const closed = aRound(b.organisationId, b.team.id, {
      status: 'closed',
      closesAt: at(10),
      remindAt: at(5),
      closedAt: at(10),
    });
    for (const round of [closesLater, notYet, closesFirst, noReminder, reminded, closed])
      await t.store.rounds.create(round);

    const ids = (rounds: { id: string }[]) => rounds.map((r) => r.id);
    expect(ids(await t.store.rounds.listDueToClose(at(90)))).toEqual([closesFirst.id, closesLater.id]);
    expect(ids(await t.store.rounds.listDueToClose(at(89)))).toEqual([closesFirst.id]);
    expect(ids(await t.store.rounds.listDueToRemind(at(40)))).toEqual([closesFirst.id, closesLater.id]);
    // A round at or past its closing time gets a summary, not a reminder.
    expect(ids(await t.store.rounds.listDueToRemind(at(60)))).toEqual([closesLater.id]);
  });

  it('marks a round reminded and closed once, for the one caller that won', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const other = await seedTeam(t.store);
    const round = aRound(organisationId, team.id);
    await t.store.rounds.create(round);

    expect(await t.store.rounds.markReminded(other.organisationId, round.id, at(1))).toBe(false);
    expect(await t.store.rounds.markReminded(organisationId, round.id, at(2))).toBe(true);
    expect(await t.store.rounds.markReminded(organisationId, round.id, at(3))).toBe(false);
    expect(await t.store.rounds.markClosed(other.organisationId, round.id, at(4))).toBe(false);
    expect(await t.store.rounds.markClosed(organisationId, round.id, at(5))).toBe(true);
    expect(await t.store.rounds.markClosed(organisationId, round.id, at(6))).toBe(false);
    expect(await t.store.rounds.get(organisationId, round.id)).toEqual({
      ...round,
      remindedAt: at(2),
      status: 'closed',
      closedAt: at(5),
    });
    expect(await t.store.rounds.listDueToClose(at(100_000))).toEqual([]);
  });

  it('lets exactly one of several concurrent closers win', async () => {
    const { organisationId, team } = await seedTeam(t.store);
    const round = aRound(organisationId, team.id);
    await t.store.rounds.create(round);
    const stores = [t.store, t.peer, t.store, t.peer];
    const closes = await Promise.all(
      stores.map((store, i) => store.rounds.markClosed(organisationId, round.id, at(i))),
    );
    expect(closes.filter(Boolean)).toHaveLength(1);
    const reminds = await Promise.all(
      stores.map((store, i) => store.rounds.markReminded(organisationId, round.id, at(i))),
    );
    expect(reminds.filter(Boolean)).toHaveLength(1);
  });
});
