import type { DigestOutcome } from '../digest/digest-body.js';
import type { Team } from '../model.js';
import {
  effectiveTarget,
  missesTarget,
  subjectKey,
  type Metric,
  type OutcomeSubject,
  type Snapshot,
} from '../outcomes/model.js';
import { QUESTION_KEYS, type QuestionKey } from '../questions.js';
import type {
  ReportAction,
  ReportActionAim,
  ReportExcerpt,
  ReportOutcome,
  ReportQuestion,
  ReportTeamLine,
} from './report-body.js';
import type { HighlightRow, ReportActionRow, TeamDialogue } from './report-reads.js';
import { civilDate, periodNotAfter, type ReportPeriod } from './school-year.js';

const EXCERPT_MAX = 400;

/** Each metric per subject over the periods up to the report's, with its latest figure against the target. */
export function outcomeSeries(
  metrics: readonly Metric[],
  snapshots: readonly Snapshot[],
  subjectName: (s: OutcomeSubject) => string | null,
  period: ReportPeriod,
  min: number,
): ReportOutcome[] {
  const series = new Map<string, Snapshot[]>();
  for (const snapshot of snapshots) {
    if (subjectName(snapshot.subject) === null || !periodNotAfter(snapshot.period, period)) continue;
    const key = `${snapshot.metricKey}|${subjectKey(snapshot.subject)}`;
    series.set(key, [...(series.get(key) ?? []), snapshot]);
  }
  const lines: ReportOutcome[] = [];
  for (const list of series.values()) {
    const sorted = [...list].sort((a, b) => a.period.localeCompare(b.period));
    const last = sorted.at(-1);
    const metric = metrics.find((m) => m.key === last?.metricKey);
    if (!last || !metric) continue;
    const shown = (s: Snapshot) => (s.groupSize !== null && s.groupSize < min ? null : s.value);
    const previous = sorted.at(-2);
    const value = shown(last);
    const before = previous ? shown(previous) : null;
    const change = value !== null && before !== null ? Math.round((value - before) * 10) / 10 : null;
    const target = effectiveTarget(metric, last);
    lines.push({
      metricKey: metric.key,
      name: metric.name,
      unit: metric.unit,
      subjectName: subjectName(last.subject) ?? '',
      subjectKind: last.subject.kind,
      higherIsBetter: metric.higherIsBetter,
      target,
      series: sorted.map((s) => ({ period: s.period, value: shown(s) })),
      latest: { period: last.period, value },
      change,
      trend: change === null ? null : change > 0 ? 'up' : change < 0 ? 'down' : 'flat',
      meetsTarget: value === null || target === null ? null : !missesTarget(metric.higherIsBetter, value, target),
    });
  }
  return lines.sort((a, b) => a.subjectName.localeCompare(b.subjectName) || a.name.localeCompare(b.name));
}

/** The report's outcome lines in the digest's shape, for the phase judgement the digest makes. */
export function asDigestOutcomes(outcomes: readonly ReportOutcome[]): DigestOutcome[] {
  return outcomes.map((o) => ({
    metricKey: o.metricKey,
    name: o.name,
    unit: o.unit,
    subjectName: o.subjectName,
    period: o.latest?.period ?? '',
    value: o.latest?.value ?? null,
    target: o.target,
    change: o.change,
    trend: o.trend,
    higherIsBetter: o.higherIsBetter,
    meetsTarget: o.meetsTarget,
  }));
}

/** Rounds, members and average participation per team; small groups keep their counts, not their rates. */
export function teamDialogueLines(
  teams: readonly Team[],
  schoolName: ReadonlyMap<string, string>,
  dialogue: readonly TeamDialogue[],
  members: ReadonlyMap<string, number>,
  min: number,
): ReportTeamLine[] {
  const byTeam = new Map(dialogue.map((d) => [d.teamId, d]));
  return teams
    .map((team) => {
      const d = byTeam.get(team.id);
      const memberCount = members.get(team.id) ?? 0;
      const rounds = d?.rounds ?? 0;
      const average = rounds === 0 ? 0 : (d?.participantRounds ?? 0) / rounds;
      const smallGroup = rounds > 0 && (memberCount < min || (d?.fewest ?? 0) < min);
      const hidden = smallGroup || rounds === 0;
      return {
        teamId: team.id,
        teamName: team.name,
        schoolName: schoolName.get(team.schoolId) ?? '',
        rounds,
        members: memberCount,
        participants: hidden ? null : Math.round(average * 10) / 10,
        participation: hidden || memberCount === 0 ? null : Math.min(100, Math.round((average / memberCount) * 100)),
        smallGroup,
      };
    })
    .sort((a, b) => a.schoolName.localeCompare(b.schoolName) || a.teamName.localeCompare(b.teamName));
}

/** Answers per question, with the highlighted ones quoted: never an author, a team only when its group was large enough. */
export function questionSections(
  counts: readonly { key: QuestionKey; answers: number }[],
  highlights: readonly HighlightRow[],
  teams: ReadonlyMap<string, Team>,
  timeZone: string,
  min: number,
): ReportQuestion[] {
  return QUESTION_KEYS.map((key) => ({
    key,
    answers: counts.find((c) => c.key === key)?.answers ?? 0,
    excerpts: highlights
      .filter((h) => h.questionKey === key)
      .map((h): ReportExcerpt => ({
        replyId: h.replyId,
        text: excerpt(h.text),
        teamName: h.participants >= min ? (teams.get(h.teamId)?.name ?? null) : null,
        roundTheme: h.theme,
        on: civilDate(h.openedAt, timeZone),
      })),
  }));
}

/**
 * Each action with the figures its round aimed at: the figure of the team's school (or the team)
 * current when the action was made (else the one before the newest) against the newest one.
 */
export function actionLines(
  rows: readonly ReportActionRow[],
  teams: ReadonlyMap<string, Team>,
  schoolName: ReadonlyMap<string, string>,
  metrics: readonly Metric[],
  snapshots: readonly Snapshot[],
): ReportAction[] {
  return rows.map((row) => {
    const team = teams.get(row.teamId);
    const aims = row.metricKeys.flatMap((key): ReportActionAim[] => {
      const metric = metrics.find((m) => m.key === key);
      if (!metric || !team) return [];
      const subjects: OutcomeSubject[] = [
        { kind: 'team', teamId: team.id },
        { kind: 'school', schoolId: team.schoolId },
      ];
      const subject = subjects.find((s) =>
        snapshots.some((x) => x.metricKey === key && subjectKey(x.subject) === subjectKey(s)),
      );
      if (!subject)
        return [
          {
            metricKey: key,
            name: metric.name,
            subjectName: schoolName.get(team.schoolId) ?? '',
            before: null,
            after: null,
            moved: 'unknown',
          },
        ];
      const series = snapshots
        .filter((x) => x.metricKey === key && subjectKey(x.subject) === subjectKey(subject))
        .sort((a, b) => a.period.localeCompare(b.period));
      const after = series.at(-1) ?? null;
      const known = series.filter((x) => x.createdAt.getTime() <= row.createdAt.getTime() && x !== after);
      const before = known.at(-1) ?? series.at(-2) ?? null;
      return [
        {
          metricKey: key,
          name: metric.name,
          subjectName: subject.kind === 'team' ? team.name : (schoolName.get(team.schoolId) ?? ''),
          before: before ? { period: before.period, value: before.value } : null,
          after: after && before ? { period: after.period, value: after.value } : null,
          moved: before && after ? movement(metric, before, after) : 'unknown',
        },
      ];
    });
    return {
      title: row.title,
      teamName: team?.name ?? '',
      schoolName: schoolName.get(team?.schoolId ?? '') ?? '',
      ownerName: row.ownerName,
      status: row.status,
      dueOn: row.dueOn,
      aimedAt: aims,
    };
  });
}

/** The better direction is the metric's (higher or lower is better); its target does not change which way is better. */
function movement(metric: Metric, before: Snapshot, after: Snapshot): ReportActionAim['moved'] {
  if (after.value === before.value) return 'flat';
  const better = metric.higherIsBetter ? after.value > before.value : after.value < before.value;
  return better ? 'toward' : 'away';
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_MAX ? flat : `${flat.slice(0, EXCERPT_MAX - 1)}…`;
}
