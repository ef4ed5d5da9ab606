import { expect, it } from 'vitest';
import { weekBounds } from '../../src/dialogues/digest/iso-week.js';
import { forEachStore } from '../support/db.js';
import { IN_WEEK, seedDigestBoard, WEEK, type DigestBoard } from '../support/digest-board.js';

const WEEK_MS = 7 * 86_400_000;
const week = weekBounds(WEEK, 'Europe/Amsterdam');
const range = { from: week.start, to: week.end };

forEachStore('digest reads: aggregates per team, round and question', (t) => {
  const teamsOf = (board: DigestBoard) => [board.groep7, board.groep8, board.groep3, board.bovenbouw];
  const named = (board: DigestBoard) => new Map(teamsOf(board).map((team) => [team.id, team.name]));

  it("counts members and each round's participants, leaving out guests and deleted replies", async () => {
    const board = await seedDigestBoard(t.store);
    const ids = teamsOf(board).map((team) => team.id);
    const name = named(board);
    const members = await t.store.digestReads.memberCounts(board.organisationId, ids);
    expect(Object.fromEntries(members.map((m) => [name.get(m.teamId), m.count]))).toEqual({
      'Groep 7': 4,
      'Groep 8': 2,
      'Groep 3': 1,
      Bovenbouw: 3,
    });
    expect(await t.store.digestReads.memberCounts(board.organisationId, [board.groep7.id])).toEqual([
      { teamId: board.groep7.id, count: 4 },
    ]);

    const rounds = await t.store.digestReads.roundParticipation(board.organisationId, ids, range);
    const summary = (list: typeof rounds) =>
      Object.fromEntries(list.map((r) => [name.get(r.teamId), [r.participants, r.anonymous]]));
    // Groep 7 had three members and a guest answer: the guest is no participant.
    expect(summary(rounds)).toEqual({ 'Groep 7': [3, false], 'Groep 8': [2, false], Bovenbouw: [3, true] });
    expect(rounds.every((r) => r.openedAt.getTime() === IN_WEEK.getTime())).toBe(true);

    const r8 = rounds.find((r) => r.teamId === board.groep8.id);
    const [eva] = await t.store.replies.listByRound(board.organisationId, r8?.roundId ?? '');
    await t.store.replies.markDeleted(board.organisationId, eva?.id ?? '', IN_WEEK);
    const after = await t.store.digestReads.roundParticipation(board.organisationId, [board.groep8.id], range);
    expect(after.map((r) => r.participants)).toEqual([1]);
    expect(
      await t.store.digestReads.roundParticipation(board.organisationId, ids, {
        from: week.end,
        to: new Date(week.end.getTime() + WEEK_MS),
      }),
    ).toEqual([]);
  });

  it('counts answers per question and quotes the newest with their authors', async () => {
    const board = await seedDigestBoard(t.store);
    const answers = await t.store.digestReads.questionAnswers(
      board.organisationId,
      teamsOf(board).map((team) => team.id),
      range,
      2,
    );
    const byKey = new Map(answers.map((a) => [a.key, a]));
    expect(Object.fromEntries(answers.map((a) => [a.key, a.answers]))).toEqual({
      right_things: 5,
      done_well: 6,
      evidence: 3,
      outside_view: 4,
      next_steps: 3,
    });
    expect(byKey.get('right_things')?.latest).toEqual([
      { text: 'Fleur vindt het ook.', roundId: expect.any(String), teamId: board.groep8.id, authorName: 'Fleur Faber' },
      {
        text: 'Alleen wij tweeën vinden het rekenen te snel gaan.',
        roundId: expect.any(String),
        teamId: board.groep8.id,
        authorName: 'Eva Evers',
      },
    ]);
    expect(byKey.get('done_well')?.latest.map((a) => [a.text, a.authorName])).toEqual([
      ['Anoniem antwoord 3', null],
      ['Anoniem antwoord 2', null],
    ]);
    // A school leader's teams only.
    const schoolA = await t.store.digestReads.questionAnswers(
      board.organisationId,
      [board.groep7.id, board.groep8.id, board.groep3.id],
      range,
      0,
    );
    expect(schoolA.find((a) => a.key === 'done_well')).toEqual({ key: 'done_well', answers: 3, latest: [] });
  });

  it("sums up each team's rounds over a window for its school's phase, and finds each team's last round", async () => {
    const board = await seedDigestBoard(t.store);
    const ids = teamsOf(board).map((team) => team.id);
    const history = await t.store.digestReads.roundHistory(board.organisationId, ids, {
      from: new Date(week.end.getTime() - 12 * WEEK_MS),
      to: week.end,
    });
    const groep7 = history.find((h) => h.teamId === board.groep7.id);
    expect({ ...groep7, answeredKeys: [...(groep7?.answeredKeys ?? [])].sort() }).toEqual({
      teamId: board.groep7.id,
      rounds: 1,
      linkedRounds: 1,
      aspects: ['kwaliteitszorg'],
      weeksAgo: [0],
      answeredKeys: ['done_well', 'evidence', 'next_steps', 'outside_view', 'right_things'],
      guestViews: 1,
    });
    expect(history.find((h) => h.teamId === board.bovenbouw.id)).toMatchObject({
      rounds: 1,
      aspects: ['hrm'],
      answeredKeys: ['done_well'],
      guestViews: 0,
    });
    expect(history.some((h) => h.teamId === board.groep3.id)).toBe(false);

    const last = await t.store.digestReads.lastRounds(board.organisationId, ids, week.end);
    expect(last.map((l) => named(board).get(l.teamId)).sort()).toEqual(['Bovenbouw', 'Groep 7', 'Groep 8']);
    expect(last.every((l) => l.openedAt.getTime() === IN_WEEK.getTime())).toBe(true);
    expect(await t.store.digestReads.lastRounds(board.organisationId, ids, week.start)).toEqual([]);
  });

  it('reads the round history of several windows at once, each as its own read would', async () => {
    const board = await seedDigestBoard(t.store);
    const ids = teamsOf(board).map((team) => team.id);
    const sorted = (list: Awaited<ReturnType<typeof t.store.digestReads.roundHistory>>) =>
      list
        .map((h) => ({ ...h, answeredKeys: [...h.answeredKeys].sort(), weeksAgo: [...h.weeksAgo].sort() }))
        .sort((a, b) => a.teamId.localeCompare(b.teamId));
    // Windows that hold the week's rounds (two overlapping ones), one before them, one of a single team's.
    const windows = [
      { from: new Date(week.end.getTime() - 12 * WEEK_MS), to: week.end },
      { from: week.start, to: new Date(week.end.getTime() + 3 * WEEK_MS) },
      { from: new Date(week.start.getTime() - 12 * WEEK_MS), to: week.start },
    ];
    const together = await t.store.digestReads.roundHistories(board.organisationId, ids, windows);
    expect(together).toHaveLength(3);
    for (const [i, window] of windows.entries())
      expect(sorted(together[i] ?? [])).toEqual(
        sorted(await t.store.digestReads.roundHistory(board.organisationId, ids, window)),
      );
    expect(together[0]?.length).toBe(3);
    expect(together[2]).toEqual([]);
    expect(together[1]?.find((h) => h.teamId === board.groep7.id)?.weeksAgo).toEqual([3]);
    expect(await t.store.digestReads.roundHistories(board.organisationId, ids, [])).toEqual([]);
    expect(await t.store.digestReads.roundHistories(board.organisationId, [], windows)).toEqual([[], [], []]);
  });

  it('counts actions per team and lists the ones a week may show, with their owners', async () => {
    const board = await seedDigestBoard(t.store);
    const ids = teamsOf(board).map((team) => team.id);
    expect(await t.store.digestReads.actionCounts(board.organisationId, ids, week.to)).toEqual([
      { teamId: board.groep7.id, total: 3, followed: 2, overdue: 1, closed: 1 },
    ]);
    const listed = await t.store.digestReads.weekActions(board.organisationId, ids, range, week.to);
    expect(listed.map((a) => [a.title, a.ownerName]).sort()).toEqual([
      ['Leesmonitor invoeren', 'Anna Aalders'],
      ['Ouderavond plannen', null],
      ['Toetskalender delen', 'Bas Bakker'],
    ]);
    expect(
      await t.store.digestReads.weekActions(
        board.organisationId,
        ids,
        { from: week.end, to: new Date(week.end.getTime() + WEEK_MS) },
        '2026-11-01',
      ),
    ).toEqual([]);
  });

  it('reads one organisation only, whatever teams it is given', async () => {
    const mine = await seedDigestBoard(t.store);
    const theirs = await seedDigestBoard(t.store);
    const their = teamsOf(theirs).map((team) => team.id);
    const reads = t.store.digestReads;
    const window = { from: new Date(week.end.getTime() - 12 * WEEK_MS), to: week.end };
    expect(await reads.memberCounts(mine.organisationId, their)).toEqual([]);
    expect(await reads.roundParticipation(mine.organisationId, their, range)).toEqual([]);
    expect(await reads.lastRounds(mine.organisationId, their, week.end)).toEqual([]);
    expect(await reads.roundHistory(mine.organisationId, their, window)).toEqual([]);
    expect(await reads.questionAnswers(mine.organisationId, their, range, 3)).toEqual([]);
    expect(await reads.actionCounts(mine.organisationId, their, week.to)).toEqual([]);
    expect(await reads.weekActions(mine.organisationId, their, range, week.to)).toEqual([]);
    expect(await reads.roundParticipation(theirs.organisationId, their, range)).toHaveLength(3);
  });
});
