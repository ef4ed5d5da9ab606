import type { Locale } from '../dialogues/model.js';
import type { ReportBody, ReportOutcome } from '../dialogues/report/report-body.js';
import { t } from '../i18n/index.js';
import { figure, schoolDialogue } from './report-format.js';

/**
 * What the report's charts draw, kept apart from the drawing (echarts) so the dashboard can give
 * the same figures in words as the charts' text alternative.
 */

/** The outcomes charted: one unit, the most common one, and at most six series with a figure. */
export function chartedOutcomes(body: ReportBody): { unit: string | undefined; shown: ReportOutcome[] } {
  const units = body.outcomes.map((o) => o.unit);
  const unit = [...units].sort((a, b) => units.filter((u) => u === b).length - units.filter((u) => u === a).length)[0];
  const shown = body.outcomes.filter((o) => o.unit === unit && o.series.some((s) => s.value !== null)).slice(0, 6);
  return { unit, shown };
}

/** Participation per team (a school's report) or per school (the board's), at most 40 bars; empty when none has a figure. */
export function chartedParticipation(body: ReportBody): { name: string; value: number | null }[] {
  const rows =
    body.kind === 'school'
      ? body.dialogue.teams.map((team) => ({ name: team.teamName, value: team.participation }))
      : schoolDialogue(body).map((s) => ({ name: s.schoolName, value: s.participation }));
  const shown = rows.slice(0, 40);
  return shown.every((r) => r.value === null) ? [] : shown;
}

/** The outcomes chart in words, a line per series: its figures per period and its target. */
export function outcomesChartLines(body: ReportBody, locale: Locale): string[] {
  return chartedOutcomes(body).shown.map((o) => {
    const figures = o.series.map((s) => `${s.period}: ${figure(s.value, o.unit, locale)}`).join(', ');
    const target = o.target === null ? '' : ` (${t(locale, 'digest.target')} ${figure(o.target, o.unit, locale)})`;
    return `${o.name} · ${o.subjectName}${target}: ${figures}`;
  });
}

/** The participation chart in words: a line per bar. */
export function participationChartLines(body: ReportBody, locale: Locale): string[] {
  return chartedParticipation(body).map((r) => `${r.name}: ${r.value === null ? '–' : figure(r.value, '%', locale)}`);
}
