import { expect, it } from 'vitest';
import { buildDigest } from '../../src/dialogues/digest/build-digest.js';
import type { DigestBody } from '../../src/dialogues/digest/digest-body.js';
import { forEachStore } from '../support/db.js';
import { testDeps } from '../support/builders.js';
import { HOSTILE, seedDigestBoard, WEEK } from '../support/digest-board.js';
import { movableClock } from '../support/world.js';

forEachStore('digest: content for a seeded board', (t) => {
  const build = async (personId: 'board' | 'schoolA' | 'teacher', minGroupSize = 3, excerptsPerQuestion = 3) => {
    const board = await seedDigestBoard(t.store);
    const deps = testDeps(t.store, movableClock('2026-11-23T07:00:00Z'));
    const reader =
      personId === 'board' ? board.boardLeader : personId === 'schoolA' ? board.schoolLeaderA : board.teacher;
    const result = await buildDigest(
      deps,
      { organisationId: board.organisationId, personId: reader.id, week: WEEK },
      { minGroupSize, excerptsPerQuestion },
    );
    return { board, result };
  };
  const bodyOf = (result: Awaited<ReturnType<typeof build>>['result']): DigestBody => {
    if (!result.ok) throw new Error(result.code);
    return result.value.body;
  };

  it('reports rounds and response per team, holding back groups under the minimum size', async () => {
    const { result } = await build('board');
    const body = bodyOf(result);
    expect(result.ok && result.value.scopeName).toBe('Stichting Test');
    expect(body.from).toBe('2026-11-16');
    expect(body.to).toBe('2026-11-22');
    const line = (name: string) => body.teams.find((team) => team.teamName === name);
    expect(line('Groep 7')).toMatchObject({
      rounds: 1,
      members: 4,
      participants: 3,
      responseRate: 75,
      smallGroup: false,
    });
    // Two of two answered: a rate of 100 % would say exactly who took part, so it is not shown.
    expect(line('Groep 8')).toMatchObject({
      rounds: 1,
      members: 2,
      participants: null,
      responseRate: null,
      smallGroup: true,
    });
    expect(line('Bovenbouw')).toMatchObject({ rounds: 1, participants: 3, responseRate: 100 });
    expect(line('Groep 3')).toMatchObject({ rounds: 0, participants: null });
    expect(body.silentTeams).toEqual([{ teamName: 'Groep 3', schoolName: 'De Linde', weeks: null }]);
  });

  it('quotes answers per question without attribution for small groups and without names for anonymous rounds', async () => {
    const { result } = await build('board', 3, 10);
    const body = bodyOf(result);
    const rightThings = body.questions.find((q) => q.key === 'right_things');
    expect(rightThings?.answers).toBe(5);
    const small = rightThings?.excerpts.find((e) => e.text.includes('wij tweeën'));
    expect(small).toEqual({
      text: 'Alleen wij tweeën vinden het rekenen te snel gaan.',
      teamName: null,
      authorName: null,
    });
    const doneWell = body.questions.find((q) => q.key === 'done_well');
    const anonymous = doneWell?.excerpts.filter((e) => e.text.startsWith('Anoniem')) ?? [];
    expect(anonymous.length).toBeGreaterThan(0);
    for (const excerpt of anonymous) expect(excerpt).toMatchObject({ teamName: 'Bovenbouw', authorName: null });
    const named = body.questions.flatMap((q) => q.excerpts).find((e) => e.text === HOSTILE);
    expect(named).toEqual({ text: HOSTILE, teamName: 'Groep 7', authorName: 'Anna Aalders' });
    // Nothing about the anonymous round's people anywhere in the digest.
    const json = JSON.stringify(body);
    for (const name of ['Gijs Groen', 'Hanna Hol', 'Ilse Ingen']) expect(json).not.toContain(name);
  });

  it("holds back every team's figures and every excerpt's source when the minimum is above every group", async () => {
    const { result } = await build('board', 10);
    const body = bodyOf(result);
    expect(body.minGroupSize).toBe(10);
    expect(body.teams.every((team) => team.participants === null && team.responseRate === null)).toBe(true);
    expect(body.questions.flatMap((q) => q.excerpts).every((e) => e.teamName === null && e.authorName === null)).toBe(
      true,
    );
    // School figures are about 30 to 42 pupils: still shown; the team figure about 2 is not.
    expect(body.outcomes.filter((o) => o.value === null).map((o) => o.subjectName)).toEqual(['Groep 8']);
  });

  it('shows outcome figures against their targets with the trend, hiding figures about too few pupils', async () => {
    const { result } = await build('board');
    const body = bodyOf(result);
    expect(body.outcomes.find((o) => o.subjectName === 'De Linde')).toMatchObject({
      value: 91,
      target: 95,
      change: 3,
      trend: 'up',
      meetsTarget: false,
      period: '2025-2026',
    });
    expect(body.outcomes.find((o) => o.subjectName === 'Het Anker')).toMatchObject({
      value: 97,
      meetsTarget: true,
      change: null,
    });
    expect(body.outcomes.find((o) => o.subjectName === 'Groep 8')).toMatchObject({
      value: null,
      change: null,
      meetsTarget: null,
    });
  });

  it('lists new, overdue and completed actions of the week', async () => {
    const { result } = await build('board');
    const { actions } = bodyOf(result);
    expect(actions.created.map((a) => a.title)).toEqual(['Leesmonitor invoeren']);
    expect(actions.created[0]).toMatchObject({ ownerName: 'Anna Aalders', dueOn: '2026-12-15', teamName: 'Groep 7' });
    expect(actions.overdue.map((a) => a.title)).toEqual(['Ouderavond plannen']);
    expect(actions.completed.map((a) => a.title)).toEqual(['Toetskalender delen']);
  });

  it('gives each school its phase with the evidence behind it', async () => {
    const { result } = await build('board');
    const phases = bodyOf(result).phases;
    expect(phases.map((p) => p.schoolName)).toEqual(['De Linde', 'Het Anker']);
    const linde = phases[0];
    expect(linde?.phase).toBe(1);
    const evidence = Object.fromEntries((linde?.evidence ?? []).map((e) => [e.key, e]));
    expect(evidence.rounds_held).toMatchObject({ met: true, params: { count: 2, weeks: 12 } });
    // One active week out of twelve and a team that never held a round: no steady rhythm yet.
    expect(evidence.steady_rhythm).toMatchObject({ met: false, params: { weeks: 1, of: 12, silent: 1 } });
    expect(evidence.all_questions).toMatchObject({ met: true, params: { count: 5 } });
    expect(evidence.outside_views).toMatchObject({ met: true, params: { count: 1 } });
    expect(evidence.actions_closed).toMatchObject({ met: true, params: { count: 1 } });
    expect(evidence.linked_outcomes?.met).toBe(true);
    expect(evidence.aspects_covered).toMatchObject({ met: false, params: { count: 1 } });
  });

  it('scopes a school leader to their own school', async () => {
    const { board, result } = await build('schoolA');
    const body = bodyOf(result);
    expect(result.ok && result.value.scopeName).toBe('De Linde');
    expect(body.scope).toEqual({ kind: 'schools', schoolIds: [board.schoolA.id] });
    expect(body.teams.map((team) => team.teamName).sort()).toEqual(['Groep 3', 'Groep 7', 'Groep 8']);
    expect(body.phases.map((p) => p.schoolName)).toEqual(['De Linde']);
    expect(JSON.stringify(body)).not.toMatch(/Het Anker|Bovenbouw|Anoniem/);
  });

  it('refuses people without a leader or coordinator role, a week that does not exist and one not begun', async () => {
    const { board, result } = await build('teacher');
    expect(result).toMatchObject({ ok: false, code: 'permission.denied' });
    const deps = testDeps(t.store, movableClock('2026-11-23T07:00:00Z'));
    const digestOf = (week: string) =>
      buildDigest(
        deps,
        { organisationId: board.organisationId, personId: board.boardLeader.id, week },
        { minGroupSize: 3 },
      );
    expect(await digestOf('2026-W60')).toMatchObject({
      ok: false,
      code: 'digest.week_unknown',
      details: { week: '2026-W60' },
    });
    expect(await digestOf('next week')).toMatchObject({ ok: false, code: 'digest.week_unknown' });
    // Monday 23 November 2026 is in week 48: that week may be read so far, the next not yet.
    expect(await digestOf('2026-W48')).toMatchObject({ ok: true });
    expect(await digestOf('2026-W49')).toMatchObject({
      ok: false,
      code: 'digest.week_future',
      details: { week: '2026-W49', current: '2026-W48' },
    });
  });
});
