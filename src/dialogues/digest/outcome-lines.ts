import type { Metric, OutcomeSubject, Snapshot } from '../outcomes/model.js';
import { effectiveTarget, missesTarget, subjectKey } from '../outcomes/model.js';
import type { DigestOutcome, Trend } from './digest-body.js';

/**
 * The latest figure of every metric per subject, with its change since the previous period and
 * whether it meets its target. A figure about fewer people than `minGroupSize` keeps its place in
 * the list but not its value, so a small class is never singled out.
 */
export function outcomeLines(
  metrics: readonly Metric[],
  snapshots: readonly Snapshot[],
  subjectName: (subject: OutcomeSubject) => string | null,
  minGroupSize: number,
): DigestOutcome[] {
  const bySeries = new Map<string, Snapshot[]>();
  for (const snapshot of snapshots) {
    if (subjectName(snapshot.subject) === null) continue;
    const key = `${snapshot.metricKey}|${subjectKey(snapshot.subject)}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), snapshot]);
  }
  const lines: DigestOutcome[] = [];
  for (const series of bySeries.values()) {
    const sorted = [...series].sort((a, b) => a.period.localeCompare(b.period));
    const latest = sorted.at(-1);
    const metric = metrics.find((m) => m.key === latest?.metricKey);
    if (!latest || !metric) continue;
    const previous = sorted.at(-2) ?? null;
    const hidden = latest.groupSize !== null && latest.groupSize < minGroupSize;
    const target = effectiveTarget(metric, latest);
    const change = previous && !hidden ? round1(latest.value - previous.value) : null;
    lines.push({
      metricKey: metric.key,
      name: metric.name,
      unit: metric.unit,
      subjectName: subjectName(latest.subject) ?? '',
      period: latest.period,
      value: hidden ? null : latest.value,
      target,
      change,
      trend: change === null ? null : trendOf(change),
      higherIsBetter: metric.higherIsBetter,
      meetsTarget: hidden || target === null ? null : !missesTarget(metric.higherIsBetter, latest.value, target),
    });
  }
  return lines.sort((a, b) => a.subjectName.localeCompare(b.subjectName) || a.name.localeCompare(b.name));
}

function trendOf(change: number): Trend {
  return change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
