import type { SchoolPhase, Trend } from '../digest/digest-body.js';
import type { ActionStatus, Aspect } from '../model.js';
import type { QuestionKey } from '../questions.js';
import type { EvidenceKey, Framework, Standard } from './framework.js';

/**
 * The school-year quality report, free of any format: built by `buildReport`, rendered as a
 * dashboard page, a PDF, text or JSON. Everything in it is already cut to the reader's scope and
 * filtered for privacy (minimum group size, anonymous rounds; excerpts never name their author).
 */
export interface ReportBody {
  kind: 'school' | 'board';
  organisationId: string;
  organisationName: string;
  /** The school's name, or the board's (organisation's). */
  subjectName: string;
  /** The school's id; null for the board. */
  schoolId: string | null;
  period: { label: string; from: string; to: string };
  /** When the figures were read (ISO instant). */
  generatedAt: string;
  minGroupSize: number;
  framework: { id: string; name: Framework['name']; publisher: Framework['publisher'] };
  outcomes: ReportOutcome[];
  dialogue: ReportDialogue;
  /** Status and due date as they stood at the period's end (today, in a running period). */
  actions: ReportAction[];
  /** Per quarter of the period: what was decided and done, and how the actions stood at its end. */
  actionQuarters: ReportActionQuarter[];
  outsideViews: ReportOutsideView[];
  /** Per school: its phase at each checkpoint of the period, the last one with its evidence. */
  phases: ReportPhaseTrack[];
  aspects: ReportAspect[];
  standards: ReportStandard[];
}

export interface ReportOutcome {
  metricKey: string;
  name: string;
  unit: string;
  subjectName: string;
  /** Whether the figure is a school's or a team's (older published bodies lack it: a school's). */
  subjectKind?: 'school' | 'team';
  higherIsBetter: boolean;
  target: number | null;
  /** Every period up to the report's, oldest first; value null where the group is too small. */
  series: { period: string; value: number | null }[];
  /** The newest period's figure (null: none shown). */
  latest: { period: string; value: number | null } | null;
  change: number | null;
  trend: Trend | null;
  meetsTarget: boolean | null;
}

export interface ReportDialogue {
  rounds: number;
  teams: ReportTeamLine[];
  questions: ReportQuestion[];
}

export interface ReportTeamLine {
  teamId: string;
  teamName: string;
  schoolName: string;
  rounds: number;
  members: number;
  /** Average participants per round; null when the group is below the minimum size. */
  participants: number | null;
  /** Average participants / members, as a whole percentage; null when hidden. */
  participation: number | null;
  smallGroup: boolean;
}

export interface ReportQuestion {
  key: QuestionKey;
  answers: number;
  /** The answers a coordinator marked as highlights: never with an author. */
  excerpts: ReportExcerpt[];
}

export interface ReportExcerpt {
  replyId: string;
  text: string;
  /** null when the round's group was under the minimum size. */
  teamName: string | null;
  roundTheme: string;
  /** Local date of the round. */
  on: string;
}

export interface ReportAction {
  title: string;
  teamName: string;
  schoolName: string;
  ownerName: string | null;
  status: ActionStatus;
  dueOn: string | null;
  /** The figures its round aimed at, and whether each moved toward its target since. */
  aimedAt: ReportActionAim[];
}

export interface ReportActionQuarter {
  /** Local dates, both inclusive: a quarter of the period (the last one may end today). */
  from: string;
  to: string;
  /** Actions made in it: what the teams decided. */
  decided: ReportActionItem[];
  /** Actions that became done in it. */
  done: ReportActionItem[];
  /** How many were dropped in it. */
  dropped: number;
  /** At its end: actions open or in progress, of which overdue, and of which with an owner and due date. */
  open: number;
  overdue: number;
  followed: number;
}

export interface ReportActionItem {
  title: string;
  teamName: string;
  schoolName: string;
}

export interface ReportActionAim {
  metricKey: string;
  name: string;
  subjectName: string;
  before: { period: string; value: number } | null;
  after: { period: string; value: number } | null;
  /** 'toward' the target (or better), 'away', 'flat', or 'unknown' without two figures. */
  moved: 'toward' | 'away' | 'flat' | 'unknown';
}

export interface ReportOutsideView {
  /** The invited reviewer's name as the coordinator entered it ("MR De Linde"). */
  guestName: string;
  teamName: string;
  roundTheme: string;
  on: string;
  text: string;
}

export interface ReportPhaseTrack {
  schoolId: string;
  schoolName: string;
  /** The phase at each checkpoint (local date), oldest first. */
  track: { on: string; phase: 1 | 2 | 3 | 4 }[];
  /** The phase at the last checkpoint, with its evidence. */
  current: SchoolPhase;
}

export interface ReportAspect {
  aspect: Aspect;
  rounds: number;
  teams: number;
}

export interface ReportEvidence {
  key: EvidenceKey;
  met: boolean;
  params: Record<string, string | number>;
}

export interface ReportStandard {
  code: string;
  name: Standard['name'];
  description: Standard['description'];
  evidence: ReportEvidence[];
  /** Evidence keys of the standard that do not hold: where evidence is missing. */
  missing: EvidenceKey[];
  /** The coordinator's conclusion for this standard and period; null when none written. */
  conclusion: string | null;
}
