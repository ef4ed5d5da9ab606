import type { Locale } from '../dialogues/model.js';
import type {
  ReportActionItem,
  ReportActionQuarter,
  ReportBody,
  ReportEvidence,
  ReportOutcome,
  ReportOutsideView,
} from '../dialogues/report/report-body.js';
import { formatFigure } from '../i18n/numbers.js';
import { t } from '../i18n/index.js';

/** Formatting shared by the report's renderers (PDF, dashboard page, text), so they say the same. */
export function reportTitle(body: ReportBody, locale: Locale): string {
  return t(locale, body.kind === 'school' ? 'report.title_school' : 'report.title_board', { name: body.subjectName });
}

export function reportSubtitle(body: ReportBody, locale: Locale): string {
  return t(locale, 'report.subtitle', { period: body.period.label, from: body.period.from, to: body.period.to });
}

/** Evidence lines whose plural form follows a parameter other than `count`. */
const PLURAL_BY: Partial<Record<string, string>> = {
  participation: 'teams',
  steady_rhythm: 'of',
  linked_outcomes: 'of',
};

export function evidenceText(evidence: ReportEvidence, locale: Locale): string {
  const by = PLURAL_BY[evidence.key];
  const count = by === undefined ? {} : { count: evidence.params[by] };
  return t(locale, `report.evidence.${evidence.key}`, { ...evidence.params, ...count });
}

/** "3 rondes in 2 teams", with the singular where it is one. */
export function roundsInTeams(rounds: number, teams: number, locale: Locale, key: 'dialogue_summary' | 'aspect_line') {
  return t(locale, `report.${key}`, { rounds: roundCount(rounds, locale), teams: teamCount(teams, locale) });
}

export function roundCount(count: number, locale: Locale): string {
  return t(locale, 'report.round_count', { count });
}

function teamCount(count: number, locale: Locale): string {
  return t(locale, 'report.team_count', { count });
}

/** The outcome table's first column: "Team" when every row is a team's, "School" when every row is a school's. */
export function outcomeSubjectHead(outcomes: readonly ReportOutcome[], locale: Locale): string {
  const teams = outcomes.filter((o) => o.subjectKind === 'team').length;
  if (teams === 0) return t(locale, 'dashboard.school');
  return t(locale, teams === outcomes.length ? 'dashboard.team' : 'report.subject_mixed');
}

export function phaseName(phase: 1 | 2 | 3 | 4, locale: Locale): string {
  return `${phase} · ${t(locale, `digest.phase_${phase}`)}`;
}

export function figure(value: number | null, unit: string, locale: Locale): string {
  if (value === null) return t(locale, 'report.hidden');
  return formatFigure(value, unit, locale);
}

export function targetText(outcome: ReportOutcome, locale: Locale): string {
  return outcome.target === null
    ? t(locale, 'report.no_target')
    : `${outcome.higherIsBetter ? '≥' : '≤'} ${figure(outcome.target, outcome.unit, locale)}`;
}

export function meetsText(outcome: ReportOutcome, locale: Locale): string {
  if (outcome.meetsTarget === null) return '';
  const change =
    outcome.change === null
      ? ''
      : ` (${outcome.change > 0 ? '+' : ''}${figure(outcome.change, outcome.unit === '%' ? '' : outcome.unit, locale)})`;
  return `${t(locale, outcome.meetsTarget ? 'digest.meets' : 'digest.misses')}${change}`;
}

/** The dialogue per school: a board's report shows schools, not its hundreds of teams. */
export function schoolDialogue(
  body: ReportBody,
): { schoolName: string; teams: number; rounds: number; participation: number | null }[] {
  const bySchool = new Map<string, { schoolName: string; teams: number; rounds: number; rates: number[] }>();
  for (const team of body.dialogue.teams) {
    const entry = bySchool.get(team.schoolName) ?? { schoolName: team.schoolName, teams: 0, rounds: 0, rates: [] };
    entry.teams += 1;
    entry.rounds += team.rounds;
    if (team.participation !== null) entry.rates.push(team.participation);
    bySchool.set(team.schoolName, entry);
  }
  return [...bySchool.values()].map((s) => ({
    schoolName: s.schoolName,
    teams: s.teams,
    rounds: s.rounds,
    participation: s.rates.length === 0 ? null : Math.round(s.rates.reduce((a, b) => a + b, 0) / s.rates.length),
  }));
}

/** At most this many action titles per quarter and list; the rest are counted. */
export const QUARTER_TITLES = 12;

/** A quarter's decided or done actions as one line of titles ("Leesmonitor invoeren (Groep 7); …; and 3 more"). */
export function quarterTitles(items: readonly ReportActionItem[], board: boolean, locale: Locale): string {
  if (items.length === 0) return '–';
  const shown = items
    .slice(0, QUARTER_TITLES)
    .map((i) => `${i.title} (${board ? `${i.teamName}, ${i.schoolName}` : i.teamName})`);
  const rest = items.length - shown.length;
  return [...shown, ...(rest > 0 ? [t(locale, 'report.quarters_more', { count: rest })] : [])].join('; ');
}

export function quarterEnd(q: ReportActionQuarter, locale: Locale): string {
  return t(locale, 'report.quarter_end_line', {
    open: q.open,
    overdue: q.overdue,
    followed: q.followed,
    dropped: q.dropped,
  });
}

/** The reviewer's name as the coordinator gave it; a generic word when the invitation is gone. */
export function reviewerName(view: ReportOutsideView, locale: Locale): string {
  return view.guestName === '' ? t(locale, 'report.reviewer_unknown') : view.guestName;
}

export function trackText(track: readonly { on: string; phase: number }[], locale: Locale): string {
  const date = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const point = (p: { on: string; phase: number }) =>
    t(locale, 'report.phase_point', { date: date.format(new Date(`${p.on.slice(0, 10)}T12:00:00Z`)), phase: p.phase });
  return t(locale, 'report.phase_track', { track: track.map(point).join(', ') });
}
