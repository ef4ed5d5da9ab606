import type { DigestReadModel, ReadLookups } from '../ports.js';
import type { Team } from '../model.js';
import { effectiveTarget, subjectKey, type OutcomeSubject } from '../outcomes/model.js';
import { isoWeekOf, previousWeek, weekBounds } from './iso-week.js';
import { DEFAULT_TIME_ZONE } from '../time-zone.js';

/** What the digest and dashboard chart shows: outcome figures against their targets over time, and the weekly response rate. */
export interface ChartData {
  outcomes: OutcomeSeries[];
  response: { weeks: string[]; rates: (number | null)[] };
}

export interface OutcomeSeries {
  name: string;
  unit: string;
  periods: string[];
  /** null where the figure is about fewer people than the minimum group size. */
  values: (number | null)[];
  target: number | null;
}

export interface ChartRequest {
  organisationId: string;
  teams: readonly Team[];
  /** Schools whose own (school-level) figures are drawn too. */
  schoolIds: readonly string[];
  /** The last week drawn. */
  week: string;
  minGroupSize: number;
  weeks?: number;
  maxSeries?: number;
}

/**
 * Whether a chart has anything to draw: a figure (not hidden for a small group) or a week's
 * response rate. Without either it would be bare axes, so the chart says so instead.
 */
export function hasFigures(chart: ChartData): boolean {
  return (
    chart.outcomes.some((o) => o.values.some((v) => v !== null)) ||
    chart.response.rates.some((rate) => rate !== null && rate !== undefined)
  );
}

/** Chart figures for a set of teams (a leader's scope, or one team on the dashboard). */
/** What the chart reads: the digest read model and a few lookups, nothing that writes. */
export interface ChartReadDeps {
  readonly store: DigestReadModel & Pick<ReadLookups, 'organisations' | 'metrics' | 'schools' | 'snapshots'>;
}

export async function chartData(deps: ChartReadDeps, request: ChartRequest): Promise<ChartData> {
  const { store } = deps;
  const { organisationId, minGroupSize: min } = request;
  const organisation = await store.organisations.get(organisationId);
  const timeZone = organisation?.timeZone ?? DEFAULT_TIME_ZONE;
  const teamIds = new Set(request.teams.map((t) => t.id));
  const weeks: string[] = [request.week];
  while (weeks.length < (request.weeks ?? 8)) weeks.unshift(previousWeek(weeks[0] ?? request.week));
  const first = weekBounds(weeks[0] ?? request.week, timeZone).start.getTime();
  const last = weekBounds(request.week, timeZone).end.getTime();

  const members = new Map(
    (await store.digestReads.memberCounts(organisationId, [...teamIds])).map((c) => [c.teamId, c.count]),
  );
  const ratesByWeek = new Map<string, number[]>();
  for (const round of await store.digestReads.roundParticipation(organisationId, [...teamIds], {
    from: new Date(first),
    to: new Date(last),
  })) {
    const size = members.get(round.teamId) ?? 0;
    const took = round.participants;
    // A small group's rate would point at people: it is left out of the average altogether.
    if (size < min || took < min) continue;
    const week = isoWeekOf(round.openedAt, timeZone);
    ratesByWeek.set(week, [...(ratesByWeek.get(week) ?? []), Math.min(100, (took / size) * 100)]);
  }
  const rates = weeks.map((w) => {
    const list = ratesByWeek.get(w);
    return list && list.length > 0 ? Math.round(list.reduce((a, b) => a + b, 0) / list.length) : null;
  });

  const inScope = (subject: OutcomeSubject) =>
    subject.kind === 'team' ? teamIds.has(subject.teamId) : request.schoolIds.includes(subject.schoolId);
  const names = new Map<string, string>(request.teams.map((t) => [`team:${t.id}`, t.name]));
  for (const school of await store.schools.list(organisationId)) names.set(`school:${school.id}`, school.name);
  const metrics = await store.metrics.list(organisationId);
  const series = new Map<string, OutcomeSeries>();
  const snapshots = (await store.snapshots.list(organisationId))
    .filter((s) => inScope(s.subject))
    .sort((a, b) => a.period.localeCompare(b.period));
  for (const snapshot of snapshots) {
    const metric = metrics.find((m) => m.key === snapshot.metricKey);
    if (!metric) continue;
    const key = `${metric.key}|${subjectKey(snapshot.subject)}`;
    const entry = series.get(key) ?? {
      name: `${metric.name} · ${names.get(subjectKey(snapshot.subject)) ?? ''}`,
      unit: metric.unit,
      periods: [],
      values: [],
      target: null,
    };
    entry.periods.push(snapshot.period);
    entry.values.push(snapshot.groupSize !== null && snapshot.groupSize < min ? null : snapshot.value);
    entry.target = effectiveTarget(metric, snapshot);
    series.set(key, entry);
  }
  return { outcomes: [...series.values()].slice(0, request.maxSeries ?? 4), response: { weeks, rates } };
}
