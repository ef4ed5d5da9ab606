import type { OutcomeSource } from '../deps.js';
import type { OutcomeFigure } from '../messages.js';
import type { Round } from '../model.js';
import type { Store } from '../ports.js';
import { effectiveTarget, type Metric, type OutcomeSubject, type Snapshot } from './model.js';

/**
 * The figures a round carries: per metric the newest snapshot of the team (or, when the team has
 * none, of its school), with the change since the snapshot before it. The round's own metric keys
 * decide which metrics; a round without any (ad hoc, no template) shows every metric measured for
 * the team or its school. The snapshots used are linked to the round, so later imports never
 * change what a past round showed.
 *
 * @example
 * const deps: DialogueDeps = { ...rest, outcomes: outcomeSource() };
 */
export function outcomeSource(): OutcomeSource {
  return {
    async figuresForRound(store, round) {
      const chosen = await currentSnapshots(store, round);
      await store.snapshots.linkToRound(
        round.organisationId,
        round.id,
        chosen.map((c) => c.current.id),
      );
      return chosen.map(({ metric, current, previous }) => figureOf(metric, current, previous));
    },
  };
}

/** One snapshot as shown next to the questions, with the change since `previous`. */
export function figureOf(metric: Metric, current: Snapshot, previous: Snapshot | null): OutcomeFigure {
  return {
    metricKey: metric.key,
    name: metric.name,
    unit: metric.unit,
    value: current.value,
    target: effectiveTarget(metric, current),
    period: current.period,
    change: previous === null ? null : roundChange(current.value - previous.value),
    higherIsBetter: metric.higherIsBetter,
  };
}

/** Whether a change is an improvement: up for higher-is-better metrics, down for the others. */
export function changeDirection(
  figure: Pick<OutcomeFigure, 'change' | 'higherIsBetter'>,
): 'better' | 'worse' | 'same' | null {
  if (figure.change === null) return null;
  if (figure.change === 0) return 'same';
  return figure.change > 0 === figure.higherIsBetter ? 'better' : 'worse';
}

/** Differences of decimal figures (88.1 - 85.3) come out as 2.799999…; three decimals is plenty. */
function roundChange(change: number): number {
  return Math.round(change * 1000) / 1000;
}

interface Chosen {
  metric: Metric;
  current: Snapshot;
  previous: Snapshot | null;
}

async function currentSnapshots(store: Store, round: Round): Promise<Chosen[]> {
  const organisationId = round.organisationId;
  const team = await store.teams.get(organisationId, round.teamId);
  if (!team) return [];
  const metrics = await store.metrics.list(organisationId);
  const subjects: OutcomeSubject[] = [
    { kind: 'team', teamId: team.id },
    { kind: 'school', schoolId: team.schoolId },
  ];
  const measured = new Map<string, Snapshot[]>();
  for (const subject of subjects) {
    for (const snapshot of await store.snapshots.list(organisationId, { subject })) {
      // The team's own figures win over the school's for the same metric.
      const list = measured.get(snapshot.metricKey);
      if (list === undefined) measured.set(snapshot.metricKey, [snapshot]);
      else if (list[0]?.subject.kind === snapshot.subject.kind) list.push(snapshot);
    }
  }
  const keys = round.metricKeys.length > 0 ? round.metricKeys : metrics.map((m) => m.key);
  const chosen: Chosen[] = [];
  for (const key of keys) {
    const metric = metrics.find((m) => m.key === key);
    const history = measured.get(key) ?? [];
    const current = history.at(-1);
    if (metric === undefined || current === undefined) continue;
    chosen.push({ metric, current, previous: history.at(-2) ?? null });
  }
  return chosen;
}
