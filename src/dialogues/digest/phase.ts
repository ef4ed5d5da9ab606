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

const ASPECTS: readonly Aspect[] = ['leiderschap', 'hrm', 'kwaliteitszorg'];

/**
 * The quality-care phase (1–4, see DESIGN) with the evidence behind it. A school reaches a phase
 * when every piece of evidence of that phase and the ones below holds; phase 1 is the floor.
 */
export function judgePhase(input: PhaseInput): SchoolPhase {
  const { rounds, replies, actions, outcomes } = input;
  const answeredKeys = new Set(replies.flatMap((r) => (r.questionKey ? [r.questionKey] : [])));
  const followed = actions.filter((a) => a.ownerPersonId !== null && a.dueOn !== null).length;
  const overdue = actions.filter((a) => (a.status === 'open' || a.status === 'in_progress') && a.dueOn !== null && a.dueOn < input.today).length;
  const guestViews = replies.filter((r) => r.source === 'guest' && r.questionKey === 'outside_view').length;
  const closed = actions.filter((a) => a.status === 'done').length;
  const targeted = outcomes.filter((o) => o.meetsTarget !== null);
  const toward = targeted.filter((o) => o.meetsTarget === true || o.trend === (o.higherIsBetter ? 'up' : 'down')).length;
  const aspects = new Set(rounds.map((r) => r.aspect));
  const linkedRounds = rounds.filter((r) => r.metricKeys.length > 0).length;

  const evidence: PhaseEvidence[] = [
    { phase: 1, key: 'rounds_held', met: rounds.length > 0, params: { count: rounds.length, weeks: input.windowWeeks } },
    { phase: 2, key: 'steady_rhythm', met: input.activeWeeks * 2 >= input.windowWeeks && input.silentTeams === 0, params: { weeks: input.activeWeeks, of: input.windowWeeks, silent: input.silentTeams } },
    { phase: 2, key: 'all_questions', met: QUESTION_KEYS.every((k) => answeredKeys.has(k)), params: { count: answeredKeys.size } },
    { phase: 3, key: 'linked_outcomes', met: linkedRounds > 0 && targeted.length > 0, params: { rounds: linkedRounds, figures: targeted.length } },
    { phase: 3, key: 'actions_followed', met: actions.length > 0 && followed * 2 >= actions.length && overdue * 2 <= actions.length, params: { followed, total: actions.length, overdue } },
    { phase: 4, key: 'outside_views', met: guestViews > 0, params: { count: guestViews } },
    { phase: 4, key: 'actions_closed', met: closed > 0, params: { count: closed } },
    { phase: 4, key: 'toward_targets', met: targeted.length > 0 && toward === targeted.length, params: { toward, total: targeted.length } },
    { phase: 4, key: 'aspects_covered', met: ASPECTS.every((a) => aspects.has(a)), params: { count: aspects.size } },
  ];
  let phase: 1 | 2 | 3 | 4 = 1;
  for (const next of [2, 3, 4] as const) {
    if (!evidence.filter((e) => e.phase <= next).every((e) => e.met)) break;
    phase = next;
  }
  return { schoolId: input.schoolId, schoolName: input.schoolName, phase, evidence };
}
