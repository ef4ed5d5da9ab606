import { describe, expect, it } from 'vitest';
import type { SummaryMessage } from '../../src/dialogues/messages.js';
import type { Schedule, Template } from '../../src/dialogues/model.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { readRoundAnswers } from '../../src/dialogues/round-answers.js';
import { closeRound, remindDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { addOutsideView } from '../../src/dialogues/guests/guest-view.js';
import { inviteGuest } from '../../src/dialogues/guests/invite-guest.js';
import { SUMMARY_ANSWERS_PER_QUESTION, SUMMARY_EXCERPT_CHARS } from '../../src/dialogues/limits.js';
import { buildWorld, movableClock, type World } from '../support/world.js';

const template = (w: World, overrides: Partial<Template> = {}): Template => ({
  id: 'tpl',
  organisationId: w.organisationId,
  name: 'Lezen',
  theme: 'lezen',
  aspect: 'kwaliteitszorg',
  questions: [{ key: 'right_things' }, { key: 'evidence' }],
  metricKeys: [],
  responseWindowHours: 48,
  remindAfterHours: 24,
  anonymous: false,
  audience: 'team',
  shareWhileOpen: false,
  createdAt: w.deps.clock.now(),
  ...overrides,
});

async function scenario(
  options: {
    template?: Partial<Template>;
    schedule?: Pick<Schedule, 'visibility' | 'shareWhileOpen'>;
    people?: number;
  } = {},
) {
  const clock = movableClock('2026-11-23T08:00:00Z'); // Monday 09:00 in Amsterdam
  const w = await buildWorld(undefined, clock);
  const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
  const members = [];
  for (let i = 0; i < (options.people ?? 3); i += 1)
    members.push(await w.person(['Anouk', 'Bram', 'Chaima', 'Daan'][i] ?? `P${i}`));
  const opened = await openRound(w.deps, {
    organisationId: w.organisationId,
    teamId: w.team.id,
    trigger: 'scheduled',
    triggeredBy: null,
    template: template(w, options.template),
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });
  if (!opened.ok) throw new Error(opened.code);
  const round = opened.value.round;
  for (const [i, member] of members.entries()) {
    const saved = await recordAnswers(w.deps, {
      organisationId: w.organisationId,
      roundId: round.id,
      personId: member.id,
      source: 'web',
      platform: 'web',
      answers: [
        { key: 'right_things', text: `Antwoord van ${member.displayName}` },
        ...(i === 0 ? [{ key: 'evidence' as const, text: 'De toetsen' }] : []),
      ],
    });
    if (!saved.ok) throw new Error(saved.code);
  }
  const summaries = async () =>
    (await w.store.deliveries.list(w.organisationId, { roundId: round.id }))
      .filter((d) => d.purpose === 'summary')
      .map((d) => d.message as SummaryMessage);
  const prompt = (await w.store.deliveries.list(w.organisationId, { roundId: round.id })).find(
    (d) => d.purpose === 'prompt',
  )?.message;
  return { w, clock, coordinator, members, round, summaries, prompt };
}

describe('the team sees its dialogue', () => {
  it('a named round closes with every answer per question, with names, and a link to the full text', async () => {
    const s = await scenario();
    expect(s.prompt).toMatchObject({ visibility: 'named', anonymous: false });
    expect((await closeRound(s.w.deps, s.w.organisationId, s.round.id, s.coordinator.id)).ok).toBe(true);
    const [summary] = await s.summaries();
    expect(summary).toMatchObject({
      participants: 3,
      withheld: null,
      interim: false,
      dashboardPath: `rounds/${s.round.id}`,
    });
    expect(summary?.perQuestion[0]?.answers).toEqual([
      { author: 'Anouk', text: 'Antwoord van Anouk', cut: false },
      { author: 'Bram', text: 'Antwoord van Bram', cut: false },
      { author: 'Chaima', text: 'Antwoord van Chaima', cut: false },
    ]);
    expect(summary?.perQuestion[1]).toMatchObject({
      key: 'evidence',
      count: 1,
      answers: [{ author: 'Anouk', text: 'De toetsen' }],
      more: 0,
    });
  });

  it('an anonymous round shows the answers without names, and none below the minimum group size', async () => {
    const enough = await scenario({ template: { anonymous: true } });
    expect(enough.prompt).toMatchObject({ visibility: 'anonymous' });
    await closeRound(enough.w.deps, enough.w.organisationId, enough.round.id, enough.coordinator.id);
    const [shown] = await enough.summaries();
    expect(shown?.withheld).toBeNull();
    expect(shown?.perQuestion[0]?.answers?.map((a) => a.author)).toEqual([null, null, null]);
    expect(JSON.stringify(shown)).not.toMatch(/"author":"/);

    const few = await scenario({ template: { anonymous: true }, people: 2 });
    await closeRound(few.w.deps, few.w.organisationId, few.round.id, few.coordinator.id);
    const [withheld] = await few.summaries();
    expect(withheld).toMatchObject({ participants: 2, withheld: 'small_group', minGroupSize: 3 });
    expect(withheld?.perQuestion.every((q) => q.answers === undefined)).toBe(true);
    expect(JSON.stringify(withheld)).not.toContain('Antwoord van');
  });

  it("a schedule's 'leaders' choice overrides the template: the team gets counts, leaders read the texts", async () => {
    const s = await scenario({ schedule: { visibility: 'leaders', shareWhileOpen: null } });
    expect(s.round).toMatchObject({ anonymous: false, audience: 'leaders' });
    expect(s.prompt).toMatchObject({ visibility: 'leaders' });
    await closeRound(s.w.deps, s.w.organisationId, s.round.id, s.coordinator.id);
    const [summary] = await s.summaries();
    expect(summary).toMatchObject({
      withheld: 'leaders',
      perQuestion: [
        { key: 'right_things', count: 3 },
        { key: 'evidence', count: 1 },
      ],
    });
    expect(JSON.stringify(summary)).not.toContain('Antwoord van');

    const asMember = await readRoundAnswers(s.w.deps, s.w.organisationId, s.members[1]!.id, s.round.id);
    expect(asMember.ok && asMember.value.withheld).toBe('leaders');
    expect(asMember.ok && asMember.value.questions.flatMap((q) => q.answers)).toEqual([]);
    const asCoordinator = await readRoundAnswers(s.w.deps, s.w.organisationId, s.coordinator.id, s.round.id);
    expect(asCoordinator.ok && asCoordinator.value.questions[0]?.answers.map((a) => a.author)).toEqual([
      'Anouk',
      'Bram',
      'Chaima',
    ]);
  });

  it('a team that chose to see answers while the round is open gets them with the reminder, once', async () => {
    const s = await scenario({ template: { shareWhileOpen: true } });
    expect(s.prompt).toMatchObject({ shareWhileOpen: true });
    s.clock.set('2026-11-24T08:30:00Z'); // reminder due (24 h), 09:30 local
    expect(await remindDueRounds(s.w.deps)).toBe(1);
    expect(await remindDueRounds(s.w.deps)).toBe(0);
    const [interim] = await s.summaries();
    expect(interim).toMatchObject({ interim: true, participants: 3, withheld: null });
    expect(interim?.perQuestion[0]?.answers).toHaveLength(3);
    const asMember = await readRoundAnswers(s.w.deps, s.w.organisationId, s.members[2]!.id, s.round.id);
    expect(asMember.ok && asMember.value.withheld).toBeNull();
  });

  it('a round without that choice shows no answers to members while open, and no interim summary', async () => {
    const s = await scenario();
    s.clock.set('2026-11-24T08:30:00Z');
    expect(await remindDueRounds(s.w.deps)).toBe(1);
    expect(await s.summaries()).toEqual([]);
    const asMember = await readRoundAnswers(s.w.deps, s.w.organisationId, s.members[0]!.id, s.round.id);
    expect(asMember.ok && asMember.value.withheld).toBe('open');
  });

  it('cuts long answers to an excerpt and lists a few per question, counting the rest', async () => {
    const s = await scenario({ people: 0 });
    for (let i = 0; i < SUMMARY_ANSWERS_PER_QUESTION + 2; i += 1) {
      const person = await s.w.person(`Persoon ${i}`);
      await recordAnswers(s.w.deps, {
        organisationId: s.w.organisationId,
        roundId: s.round.id,
        personId: person.id,
        source: 'web',
        platform: 'web',
        answers: [{ key: 'right_things', text: `${i} ${'woord '.repeat(600)}` }],
      });
    }
    await closeRound(s.w.deps, s.w.organisationId, s.round.id, s.coordinator.id);
    const [summary] = await s.summaries();
    const first = summary?.perQuestion[0];
    expect(first).toMatchObject({ count: SUMMARY_ANSWERS_PER_QUESTION + 2, more: 2 });
    expect(first?.answers).toHaveLength(SUMMARY_ANSWERS_PER_QUESTION);
    for (const answer of first?.answers ?? []) {
      expect(answer.cut).toBe(true);
      expect(answer.text.length).toBeLessThanOrEqual(SUMMARY_EXCERPT_CHARS);
      expect(answer.text.endsWith('…')).toBe(true);
    }
  });

  it('does not count an outside reviewer as a participant, and a stranger cannot read the round', async () => {
    const s = await scenario();
    await closeRound(s.w.deps, s.w.organisationId, s.round.id, s.coordinator.id);
    const invitation = await inviteGuest(s.w.deps, {
      organisationId: s.w.organisationId,
      actorPersonId: s.coordinator.id,
      roundId: s.round.id,
      name: 'MR',
    });
    if (!invitation.ok) throw new Error(invitation.code);
    expect((await addOutsideView(s.w.deps, s.w.organisationId, invitation.value.id, 'Mooi gesprek')).ok).toBe(true);
    const read = await readRoundAnswers(s.w.deps, s.w.organisationId, s.coordinator.id, s.round.id);
    expect(read.ok && read.value.participants).toBe(3);
    expect(read.ok && read.value.questions.flatMap((q) => q.answers).find((a) => a.guest)).toMatchObject({
      text: 'Mooi gesprek',
      author: null,
    });
    const other = await s.w.person('Elders', 'member', { kind: 'team', teamId: 'some-other-team' });
    expect(await readRoundAnswers(s.w.deps, s.w.organisationId, other.id, s.round.id)).toMatchObject({
      ok: false,
      code: 'round.not_found',
    });
  });
});
