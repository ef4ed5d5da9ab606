/**
 * Outcome figures ("opbrengsten"): metrics with targets and their measured values per school or
 * team per period. Platform-free, like the rest of the domain.
 */

/** What a snapshot measures: a whole school or one team. */
export type OutcomeSubject = { kind: 'school'; schoolId: string } | { kind: 'team'; teamId: string };

/**
 * A measured quantity with a target, such as `eindtoets_1f_lezen` (unit %, higher is better,
 * target 95). The key is unique per organisation and is what templates and CSV files name.
 *
 * @example
 * const metric: Metric = { id, organisationId, key: 'eindtoets_1f_lezen', name: 'Eindtoets 1F lezen',
 *   unit: '%', higherIsBetter: true, target: 95, triggersRound: true, createdAt: now, updatedAt: now };
 */
export interface Metric {
  id: string;
  organisationId: string;
  key: string;
  name: string;
  unit: string;
  higherIsBetter: boolean;
  /** The board-wide target; a snapshot may carry its own. null: no target. */
  target: number | null;
  /** A newly imported figure that misses its target opens a reflection round in the team(s) concerned. */
  triggersRound: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One measured value of a metric for one subject in one period. Unique per (metric, subject,
 * period): importing the same figure again updates it. Periods are compared as text, so use
 * sortable labels such as `2024-2025`, `2025-01` or `2025-T2`.
 */
export interface Snapshot {
  id: string;
  organisationId: string;
  metricKey: string;
  subject: OutcomeSubject;
  period: string;
  value: number;
  /** Overrides the metric's target for this subject and period; null: the metric's target applies. */
  target: number | null;
  /** How many pupils or people the figure is about; null when unknown. */
  groupSize: number | null;
  /** Where the figure came from: `csv:<file name>`, `chat:<person id>`, `dashboard`, … */
  source: string;
  createdAt: Date;
  updatedAt: Date;
  /** When a data-triggered round was opened for this snapshot; null: none yet. Set once. */
  triggeredAt: Date | null;
}

/** One row of an import, already validated: what `importOutcomes` writes. */
export interface OutcomeRow {
  /** The 1-based line in the source file, for error messages. */
  line: number;
  metricKey: string;
  /** Only used when the metric does not exist yet or is to be changed. */
  metricName: string | null;
  unit: string | null;
  higherIsBetter: boolean | null;
  metricTarget: number | null;
  triggersRound: boolean | null;
  subject: OutcomeSubject;
  period: string;
  value: number;
  target: number | null;
  groupSize: number | null;
}

/** One problem in an import file, with the line it is on (1-based; the header is line 1). */
export interface ImportError {
  line: number;
  /** The column concerned, when there is one. */
  column: string | null;
  /** A stable code: `outcomes.csv.missing_column`, `outcomes.csv.bad_number`, … */
  code: string;
  params: Record<string, string | number>;
}

/** What an import did. */
export interface ImportSummary {
  metricsCreated: number;
  created: number;
  updated: number;
  /** Data-triggered rounds opened by figures below their target. */
  roundsOpened: number;
}

/** The effective target of a snapshot: its own, else the metric's. */
export function effectiveTarget(metric: Pick<Metric, 'target'>, snapshot: Pick<Snapshot, 'target'>): number | null {
  return snapshot.target ?? metric.target;
}

/** Whether a value misses its target, taking the metric's direction into account. */
export function missesTarget(higherIsBetter: boolean, value: number, target: number | null): boolean {
  if (target === null) return false;
  return higherIsBetter ? value < target : value > target;
}

export function subjectKey(subject: OutcomeSubject): string {
  return subject.kind === 'school' ? `school:${subject.schoolId}` : `team:${subject.teamId}`;
}
