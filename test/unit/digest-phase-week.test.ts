import { describe, expect, it } from 'vitest';
import type { DigestOutcome } from '../../src/dialogues/digest/digest-body.js';
import { isIsoWeek, isoWeekOf, previousWeek, weekBounds } from '../../src/dialogues/digest/iso-week.js';
import { judgePhase, type PhaseInput } from '../../src/dialogues/digest/phase.js';
import { readerScope } from '../../src/dialogues/digest/reader-scope.js';
import { QUESTION_KEYS } from '../../src/dialogues/questions.js';
import { anAction, aReply, aRound } from '../support/builders.js';

describe("ISO weeks in an organisation's time zone", () => {
  it('finds the week of a moment by the local calendar', () => {
    // Sunday 23:30 UTC is already Monday in Amsterdam.
    expect(isoWeekOf(new Date('2026-11-22T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-W48');
    expect(isoWeekOf(new Date('2026-11-22T23:30:00Z'), 'UTC')).toBe('2026-W47');
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'), 'Europe/Amsterdam')).toBe('2026-W53');
    expect(isoWeekOf(new Date('2025-12-29T12:00:00Z'), 'Europe/Amsterdam')).toBe('2026-W01');
  });

  it('gives local Monday midnight to Monday midnight, also across a clock change', () => {
    expect(weekBounds('2026-W47', 'Europe/Amsterdam')).toEqual({
      week: '2026-W47',
      start: new Date('2026-11-15T23:00:00Z'),
      end: new Date('2026-11-22T23:00:00Z'),
      from: '2026-11-16',
      to: '2026-11-22',
    });
    // Summer time ends on Sunday 25 October 2026.
    const autumn = weekBounds('2026-W43', 'Europe/Amsterdam');
    expect(autumn.start).toEqual(new Date('2026-10-18T22:00:00Z'));
    expect(autumn.end).toEqual(new Date('2026-10-25T23:00:00Z'));
  });

  it('steps back over a year boundary and rejects weeks that do not exist', () => {
    expect(previousWeek('2027-W01')).toBe('2026-W53');
    expect(previousWeek('2026-W01')).toBe('2025-W52');
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2026-W00')).toBe(false);
    expect(isIsoWeek('2026-47')).toBe(false);
  });
});

describe("a school's phase", () => {
  const org = 'org';
  const rounds = (['leiderschap', 'hrm', 'kwaliteitszorg'] as const).map((aspect) =>
    aRound(org, 'team', { aspect, metricKeys: ['lezen'] }),
  );
  const replies = [
    ...QUESTION_KEYS.map((key) => aReply(org, rounds[0]?.id ?? '', { questionKey: key })),
    aReply(org, rounds[0]?.id ?? '', { questionKey: 'outside_view', source: 'guest' }),
  ];
  const actions = [
    anAction(org, 'team', { ownerPersonId: 'p', dueOn: '2026-12-01', status: 'done' }),
    anAction(org, 'team', { ownerPersonId: 'p', dueOn: '2026-12-10', status: 'in_progress' }),
  ].map((a, i) => ({ ...a, number: i + 1 }));
  const outcome: DigestOutcome = {
    metricKey: 'lezen',
    name: 'Lezen',
    unit: '%',
    subjectName: 'De Linde',
    period: '2025-2026',
    value: 91,
    target: 95,
    change: 3,
    trend: 'up',
    higherIsBetter: true,
    meetsTarget: false,
  };
  const full: PhaseInput = {
    schoolId: 's',
    schoolName: 'De Linde',
    windowWeeks: 12,
    activeWeeks: 8,
    teams: 1,
    silentTeams: 0,
    rounds,
    replies,
    actions,
    outcomes: [outcome],
    today: '2026-11-22',
  };

  it('reaches phase 4 when every piece of evidence holds', () => {
    const judged = judgePhase(full);
    expect(judged.phase).toBe(4);
    expect(judged.evidence.every((e) => e.met)).toBe(true);
  });

  it('stops at the first phase whose evidence is missing, and says which', () => {
    expect(judgePhase({ ...full, replies: replies.filter((r) => r.source !== 'guest') }).phase).toBe(3);
    const noTargets = judgePhase({ ...full, outcomes: [] });
    expect(noTargets.phase).toBe(2);
    expect(noTargets.evidence.filter((e) => !e.met).map((e) => e.key)).toEqual(['linked_outcomes', 'toward_targets']);
    expect(judgePhase({ ...full, activeWeeks: 3 }).phase).toBe(1);
    // A figure below target and moving away from it holds back phase 4 only.
    expect(judgePhase({ ...full, outcomes: [{ ...outcome, trend: 'down', change: -2 }] }).phase).toBe(3);
    expect(judgePhase({ ...full, rounds: [], replies: [], actions: [], outcomes: [] }).phase).toBe(1);
  });
});

describe('reader scope', () => {
  const grant = (
    role: 'member' | 'coordinator' | 'leader',
    scope: Parameters<typeof readerScope>[0][number]['scope'],
  ) => ({ personId: 'p', organisationId: 'o', role, scope });
  it('follows the widest leader or coordinator grant, and members only where asked', () => {
    expect(
      readerScope([grant('leader', { kind: 'organisation' }), grant('member', { kind: 'team', teamId: 't' })], {
        membersToo: false,
      }),
    ).toEqual({ kind: 'organisation' });
    expect(
      readerScope(
        [grant('leader', { kind: 'school', schoolId: 'a' }), grant('coordinator', { kind: 'school', schoolId: 'b' })],
        { membersToo: false },
      ),
    ).toEqual({ kind: 'schools', schoolIds: ['a', 'b'] });
    expect(readerScope([grant('member', { kind: 'team', teamId: 't' })], { membersToo: false })).toEqual({
      kind: 'none',
    });
    expect(readerScope([grant('member', { kind: 'team', teamId: 't' })], { membersToo: true })).toEqual({
      kind: 'teams',
      teamIds: ['t'],
    });
  });
});
