import type { Action, Aspect, Reply, Round } from '../model.js';
import { QUESTION_KEYS } from '../questions.js';
import type { DigestOutcome, PhaseEvidence, SchoolPhase } from './digest-body.js';

/** What the phase of one school is judged on: its rounds, answers and actions over the lookback window. */
export interface PhaseInput {
  schoolId: string;
  schoolName: string;
  windowWeeks: number;
  /** ISO weeks (of the window) in which the school held at least one round. */
  activeWeeks: number;
  teams: number;
  /** Teams that held no round in the last `silentAfterWeeks`. */
  silentTeams: number;
  rounds: readonly Round[];
  replies: readonly Reply[];
  actions: readonly Action[];
  outcomes: readonly DigestOutcome[];
  /** Local date of the end of the digest week (YYYY-MM-DD). */
  today: string;
}

/** The same evidence as counts, as the digest reads them from the store's aggregates. */
export interface PhaseFigures {
  schoolId: string;
  schoolName: string;
  windowWeeks: number;
  activeWeeks: number;
  silentTeams: number;
  rounds: number;
  /** Rounds that carry outcome metrics. */
  linkedRounds: number;
  aspects: ReadonlySet<Aspect>;
  answeredKeys: ReadonlySet<string>;
  /** Guests' answers to the outside view question. */
  guestViews: number;
  actions: { total: number; followed: number; overdue: number; closed: number };
  outcomes: readonly DigestOutcome[];
}

const ASPECTS: readonly Aspect[] = ['leiderschap', 'hrm', 'kwaliteitszorg'];

/**
 * The quality-care phase (1–4, see DESIGN) with the evidence behind it. A school reaches a phase
 * when every piece of evidence of that phase and the ones below holds; phase 1 is the floor.
 */
export function judgePhase(input: PhaseInput): SchoolPhase {
  const { rounds, replies, actions } = input;
  const open = (a: Action) => a.status === 'open' || a.status === 'in_progress';
  return judgePhaseFigures({
    schoolId: input.schoolId,
    schoolName: input.schoolName,
    windowWeeks: input.windowWeeks,
    activeWeeks: input.activeWeeks,
    silentTeams: input.silentTeams,
    rounds: rounds.length,
    linkedRounds: rounds.filter((r) => r.metricKeys.length > 0).length,
    aspects: new Set(rounds.map((r) => r.aspect)),
    answeredKeys: new Set(replies.flatMap((r) => (r.questionKey ? [r.questionKey] : []))),
    guestViews: replies.filter((r) => r.source === 'guest' && r.questionKey === 'outside_view').length,
    actions: {
      total: actions.length,
      followed: actions.filter((a) => a.ownerPersonId !== null && a.dueOn !== null).length,
      overdue: actions.filter((a) => open(a) && a.dueOn !== null && a.dueOn < input.today).length,
      closed: actions.filter((a) => a.status === 'done').length,
    },
    outcomes: input.outcomes,
  });
}

/** `judgePhase` on counts. */
export function judgePhaseFigures(input: PhaseFigures): SchoolPhase {
  const { answeredKeys, aspects, guestViews, linkedRounds, outcomes } = input;
  const { total, followed, overdue, closed } = input.actions;
  const targeted = outcomes.filter((o) => o.meetsTarget !== null);
  const toward = targeted.filter(
    (o) => o.meetsTarget === true || o.trend === (o.higherIsBetter ? 'up' : 'down'),
  ).length;

  const evidence: PhaseEvidence[] = [
    { phase: 1, key: 'rounds_held', met: input.rounds > 0, params: { count: input.rounds, weeks: input.windowWeeks } },
    {
      phase: 2,
      key: 'steady_rhythm',
      met: input.activeWeeks * 2 >= input.windowWeeks && input.silentTeams === 0,
      params: { weeks: input.activeWeeks, of: input.windowWeeks, silent: input.silentTeams },
    },
    {
      phase: 2,
      key: 'all_questions',
      met: QUESTION_KEYS.every((k) => answeredKeys.has(k)),
      params: { count: answeredKeys.size },
    },
    {
      phase: 3,
      key: 'linked_outcomes',
      met: linkedRounds > 0 && targeted.length > 0,
      params: { rounds: linkedRounds, figures: targeted.length },
    },
    {
      phase: 3,
      key: 'actions_followed',
      met: total > 0 && followed * 2 >= total && overdue * 2 <= total,
      params: { followed, total, overdue },
    },
    { phase: 4, key: 'outside_views', met: guestViews > 0, params: { count: guestViews } },
    { phase: 4, key: 'actions_closed', met: closed > 0, params: { count: closed } },
    {
      phase: 4,
      key: 'toward_targets',
      met: targeted.length > 0 && toward === targeted.length,
      params: { toward, total: targeted.length },
    },
    { phase: 4, key: 'aspects_covered', met: ASPECTS.every((a) => aspects.has(a)), params: { count: aspects.size } },
  ];
  let phase: 1 | 2 | 3 | 4 = 1;
  for (const next of [2, 3, 4] as const) {
    if (!evidence.filter((e) => e.phase <= next).every((e) => e.met)) break;
    phase = next;
  }
  return { schoolId: input.schoolId, schoolName: input.schoolName, phase, evidence };
}
