import type { ActionStatus } from '../model.js';
import type { QuestionKey } from '../questions.js';
import type { ReaderScope } from './reader-scope.js';

/**
 * What a leader's weekly digest holds, free of any platform: built by `buildDigest`, rendered by
 * the Slack, Teams, web and text renderers. Everything in it is already filtered for the reader's
 * scope and for privacy (minimum group size, anonymous rounds), so renderers only format.
 */
export interface DigestBody {
  scope: Exclude<ReaderScope, { kind: 'none' }>;
  /** Monday and Sunday of the ISO week, as local dates (YYYY-MM-DD). */
  from: string;
  to: string;
  minGroupSize: number;
  teams: DigestTeamLine[];
  /** Teams without a round for `silentAfterWeeks` weeks or more. */
  silentTeams: DigestSilentTeam[];
  silentAfterWeeks: number;
  questions: DigestQuestion[];
  outcomes: DigestOutcome[];
  actions: { created: DigestAction[]; overdue: DigestAction[]; completed: DigestAction[] };
  phases: SchoolPhase[];
  /** Stable URLs, set by the composition root; null when not known (the CLI preview). */
  chartUrl: string | null;
  dashboardUrl: string | null;
}

export interface DigestTeamLine {
  teamId: string;
  teamName: string;
  schoolName: string;
  rounds: number;
  /** People with a member role in the team; their count is never hidden. */
  members: number;
  /** Distinct participants over the week's rounds; null when fewer than the minimum group size took part. */
  participants: number | null;
  /** Participants / members as a whole percentage; null when hidden or without members. */
  responseRate: number | null;
  /** True when the figures are held back because the group is smaller than the minimum. */
  smallGroup: boolean;
}

export interface DigestSilentTeam {
  teamName: string;
  schoolName: string;
  /** Whole weeks since the last round; null when the team never had one. */
  weeks: number | null;
}

export interface DigestExcerpt {
  text: string;
  /** null when the round's group is under the minimum size: the text is shown, its source is not. */
  teamName: string | null;
  /** Only for named rounds with enough participants; never for anonymous rounds. */
  authorName: string | null;
}

export interface DigestQuestion {
  key: QuestionKey;
  answers: number;
  excerpts: DigestExcerpt[];
}

export type Trend = 'up' | 'down' | 'flat';

export interface DigestOutcome {
  metricKey: string;
  name: string;
  unit: string;
  subjectName: string;
  period: string;
  /** null when the figure is about fewer people than the minimum group size. */
  value: number | null;
  target: number | null;
  change: number | null;
  trend: Trend | null;
  higherIsBetter: boolean;
  /** null without a target or a shown value. */
  meetsTarget: boolean | null;
}

export interface DigestAction {
  /** The short per-team number (#12); absent in digests stored before actions had numbers. */
  number?: number;
  title: string;
  teamName: string;
  status: ActionStatus;
  dueOn: string | null;
  ownerName: string | null;
}

/** One piece of evidence for a phase: a catalogue key under `digest.evidence.` and whether it holds. */
export interface PhaseEvidence {
  phase: 1 | 2 | 3 | 4;
  key: EvidenceKey;
  met: boolean;
  params: Record<string, string | number>;
}

export type EvidenceKey =
  | 'rounds_held'
  | 'steady_rhythm'
  | 'all_questions'
  | 'linked_outcomes'
  | 'actions_followed'
  | 'outside_views'
  | 'actions_closed'
  | 'toward_targets'
  | 'aspects_covered';

export interface SchoolPhase {
  schoolId: string;
  schoolName: string;
  phase: 1 | 2 | 3 | 4;
  evidence: PhaseEvidence[];
}

/** A digest with nothing in it (a new board, or tests that only need a digest-shaped message). */
export function emptyDigestBody(
  week: { from: string; to: string } = { from: '', to: '' },
  minGroupSize = 3,
): DigestBody {
  return {
    scope: { kind: 'organisation' },
    from: week.from,
    to: week.to,
    minGroupSize,
    teams: [],
    silentTeams: [],
    silentAfterWeeks: 3,
    questions: [],
    outcomes: [],
    actions: { created: [], overdue: [], completed: [] },
    phases: [],
    chartUrl: null,
    dashboardUrl: null,
  };
}
