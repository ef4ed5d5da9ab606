import { holds, type AccessContext } from '../access.js';
import type { ActionStateChange } from '../model.js';
import { actionCountsAt, actionQuarters, statesAt, type Stretch } from './action-history.js';
import { guestToken } from '../author-token.js';
import type { DialogueDeps } from '../deps.js';
import type { DigestOutcome, DigestSilentTeam } from '../digest/digest-body.js';
import { schoolPhases } from '../digest/digest-lines.js';
import { localMidnight } from '../digest/iso-week.js';
import type { School, Team } from '../model.js';
import type { OutcomeSubject } from '../outcomes/model.js';
import type { QuestionKey } from '../questions.js';
import { fail, ok, type Result } from '../result.js';
import type { Framework } from './framework.js';
import type { ReportBody, ReportOutsideView, ReportPhaseTrack } from './report-body.js';
import type { ReportReadRepository, ReportRepository, ReportSubject } from './report-reads.js';
import {
  actionLines,
  asDigestOutcomes,
  outcomeSeries,
  questionSections,
  teamDialogueLines,
} from './report-sections.js';
import {
  checkpoints,
  civilDate,
  freePeriod,
  isSchoolYear,
  schoolYearOf,
  schoolYearPeriod,
  type ReportPeriod,
} from './school-year.js';
import { mapStandards } from './standards.js';
import { DEFAULT_TIME_ZONE } from '../time-zone.js';

const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;
const PHASE_WINDOW_WEEKS = 12;
const SILENT_AFTER_WEEKS = 3;

/** What the report use cases need besides the dialogue's deps: their own ports, not the Store. */
export interface ReportDeps {
  dialogue: DialogueDeps;
  reads: ReportReadRepository;
  reports: ReportRepository;
  /** The Onderzoekskader 2021 unless the organisation set its own. */
  defaultFramework: Framework;
}

export interface ReportRequest {
  organisationId: string;
  /**
   * The reader: a leader or coordinator of the school (or of the board, for the board's report).
   * null: the operator at the command line, who holds the database itself and needs no role.
   */
  personId: string | null;
  subject: ReportSubject;
  /** A school year (`2025-2026`) or two local dates; default: the current school year. */
  period?: { year: string } | { from: string; to: string };
  minGroupSize: number;
}

export type ReportError = 'permission.denied' | 'school.not_found' | 'person.not_found' | 'input.invalid';

/** The context a subject is read and curated in: the school, or the whole organisation. */
export function subjectContext(subject: ReportSubject): AccessContext {
  return subject.kind === 'school' ? { kind: 'school', schoolId: subject.schoolId } : { kind: 'organisation' };
}

export async function resolvePeriod(
  deps: ReportDeps,
  organisationId: string,
  period: ReportRequest['period'],
): Promise<ReportPeriod | null> {
  const organisation = await deps.dialogue.store.organisations.get(organisationId);
  const zone = organisation?.timeZone ?? DEFAULT_TIME_ZONE;
  if (period === undefined) return schoolYearPeriod(schoolYearOf(deps.dialogue.clock.now(), zone), zone);
  if ('year' in period) return isSchoolYear(period.year) ? schoolYearPeriod(period.year, zone) : null;
  return freePeriod(period.from, period.to, zone);
}

/**
 * The school-year quality report of one school or of the board: outcome figures against targets
 * over the years, the dialogue held, actions and whether their figures moved, outside views,
 * the phase over the year, the aspects, and the framework's standards with their evidence.
 *
 * @example
 * const report = await buildReport(deps, { organisationId, personId, subject: { kind: 'school', schoolId }, period: { year: '2025-2026' }, minGroupSize: 3 });
 */
export async function buildReport(deps: ReportDeps, request: ReportRequest): Promise<Result<ReportBody, ReportError>> {
  const { store, clock } = deps.dialogue;
  const { organisationId, subject, minGroupSize: min } = request;
  const organisation = await store.organisations.get(organisationId);
  const reader = request.personId === null ? null : await store.people.get(organisationId, request.personId);
  if (!organisation || (request.personId !== null && !reader)) return fail('person.not_found');
  const allSchools = (await store.schools.list(organisationId)).sort((a, b) => a.name.localeCompare(b.name));
  const school = subject.kind === 'school' ? allSchools.find((s) => s.id === subject.schoolId) : undefined;
  if (subject.kind === 'school' && !school) return fail('school.not_found');
  if (
    reader &&
    !holds(await store.people.roles(organisationId, reader.id), ['leader', 'coordinator'], subjectContext(subject))
  )
    return fail('permission.denied', { role: 'leader' });
  const period = await resolvePeriod(deps, organisationId, request.period);
  if (!period) return fail('input.invalid', { field: 'period' });
  const zone = organisation.timeZone;
  const range = { from: period.start, to: period.end };

  const schools = school ? [school] : allSchools;
  const schoolIds = new Set(schools.map((s) => s.id));
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const teams = (await store.teams.list(organisationId)).filter((t) => schoolIds.has(t.schoolId));
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const teamIds = teams.map((t) => t.id);

  const metrics = await store.metrics.list(organisationId);
  const snapshots = await store.snapshots.list(organisationId);
  const subjectName = (s: OutcomeSubject) =>
    s.kind === 'school' ? (schoolName.get(s.schoolId) ?? null) : (teamById.get(s.teamId)?.name ?? null);
  const outcomes = outcomeSeries(metrics, snapshots, subjectName, period, min);

  // Actions as they stood at each checkpoint: from their recorded states, not today's.
  const history = await store.actions.history(organisationId, teamIds, period.end);
  const stretches = periodStretches(period, civilDate(clock.now(), zone), zone);
  // The reads below do not depend on each other: on PostgreSQL they run side by side on the
  // pool's connections (the year's dialogue pass and the quarter ends' round histories are the
  // two long ones); the embedded database takes them one after another.
  const [memberCounts, dialogue, highlights, actionRows, outsideViewRows, phases, aspectRows] = await Promise.all([
    store.digestReads.memberCounts(organisationId, teamIds),
    deps.reads.teamDialogue(organisationId, teamIds, range),
    deps.reads.highlights(organisationId, teamIds, range),
    deps.reads.actions(organisationId, teamIds, range),
    deps.reads.outsideViews(organisationId, teamIds, range),
    phaseTracks(deps, organisationId, schools, teams, stretches, history, asDigestOutcomes(outcomes)),
    deps.reads.aspectCounts(organisationId, teamIds, range),
  ]);
  const members = new Map(memberCounts.map((c) => [c.teamId, c.count]));
  const counts = new Map<QuestionKey, number>();
  for (const d of dialogue)
    for (const [key, n] of Object.entries(d.answers) as [QuestionKey, number][])
      counts.set(key, (counts.get(key) ?? 0) + n);
  const questions = questionSections(
    [...counts].map(([key, answers]) => ({ key, answers })),
    highlights,
    teamById,
    zone,
    min,
  );
  const atEnd = statesAt(history, stretches.at(-1)?.end ?? period.end);
  const actions = actionLines(
    actionRows.map((row) => {
      const then = atEnd.get(row.id);
      return then ? { ...row, status: then.status, dueOn: then.dueOn } : row;
    }),
    teamById,
    schoolName,
    metrics,
    snapshots,
  );
  const outsideViews = outsideViewRows.map((row): ReportOutsideView => ({
    guestName:
      row.invitations.find((i) => guestToken(deps.dialogue.tokenSecret, row.roundId, i.id) === row.authorToken)?.name ??
      '',
    teamName: teamById.get(row.teamId)?.name ?? '',
    roundTheme: row.theme,
    on: civilDate(row.openedAt, zone),
    text: row.text,
  }));
  const aspects = (['leiderschap', 'hrm', 'kwaliteitszorg'] as const).map(
    (aspect) => aspectRows.find((a) => a.aspect === aspect) ?? { aspect, rounds: 0, teams: 0 },
  );

  const framework = (await deps.reports.framework(organisationId)) ?? deps.defaultFramework;
  const figures: Omit<ReportBody, 'standards'> = {
    kind: subject.kind,
    organisationId,
    organisationName: organisation.name,
    subjectName: school?.name ?? organisation.name,
    schoolId: school?.id ?? null,
    period: { label: period.label, from: period.from, to: period.to },
    generatedAt: clock.now().toISOString(),
    minGroupSize: min,
    framework: { id: framework.id, name: framework.name, publisher: framework.publisher },
    outcomes,
    dialogue: {
      rounds: dialogue.reduce((n, d) => n + d.rounds, 0),
      teams: teamDialogueLines(teams, schoolName, dialogue, members, min),
      questions,
    },
    actions,
    actionQuarters: actionQuarters(history, stretches, actionRows, teamById, schoolName),
    outsideViews,
    phases,
    aspects,
  };
  const conclusions = await deps.reports.conclusions(organisationId, subject, period.label);
  return ok({ ...figures, standards: mapStandards(framework, figures, conclusions) });
}

/**
 * The period cut at its checkpoints (quarter ends, and today in a running period): the phase is
 * judged, and the actions counted, at the end of each stretch.
 */
function periodStretches(period: ReportPeriod, today: string, zone: string): Stretch[] {
  const dates = checkpoints(period, today);
  const next = (date: string) => Date.parse(`${date}T00:00:00Z`) + DAY_MS;
  return (dates.length > 0 ? dates : [period.to]).map((on, i, all) => {
    const from = i === 0 ? period.from : new Date(next(all[i - 1] ?? period.from)).toISOString().slice(0, 10);
    return {
      from,
      to: on,
      start: i === 0 ? period.start : localMidnight(next(all[i - 1] ?? ''), zone),
      end: localMidnight(next(on), zone),
    };
  });
}

/** Each school's phase at each checkpoint, judged as the digest judges it: over the 12 weeks before. */
async function phaseTracks(
  deps: ReportDeps,
  organisationId: string,
  schools: readonly School[],
  teams: readonly Team[],
  stretches: readonly Stretch[],
  history: readonly ActionStateChange[],
  outcomes: readonly DigestOutcome[],
): Promise<ReportPhaseTrack[]> {
  const reads = deps.dialogue.store.digestReads;
  const teamIds = teams.map((t) => t.id);
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const tracks = new Map<string, ReportPhaseTrack>();
  const points = stretches.map(({ to: on, end }) => ({
    on,
    end,
    window: { from: new Date(end.getTime() - PHASE_WINDOW_WEEKS * WEEK_MS), to: end },
  }));
  // Every checkpoint's round history in one grouped read, not one scan of the history each.
  const histories = await reads.roundHistories(
    organisationId,
    teamIds,
    points.map((p) => p.window),
  );
  for (const [index, { on, end }] of points.entries()) {
    const last = new Map(
      (await reads.lastRounds(organisationId, teamIds, end)).map((r) => [r.teamId, r.openedAt.getTime()]),
    );
    const silentTeams: DigestSilentTeam[] = teams.flatMap((team) => {
      const at = last.get(team.id);
      const weeks = at === undefined ? null : Math.floor((end.getTime() - at) / WEEK_MS);
      return weeks === null || weeks >= SILENT_AFTER_WEEKS
        ? [{ teamName: team.name, schoolName: schoolName.get(team.schoolId) ?? '', weeks }]
        : [];
    });
    const judged = schoolPhases(schools, teams, {
      windowWeeks: PHASE_WINDOW_WEEKS,
      history: histories[index] ?? [],
      actions: actionCountsAt(history, end, on),
      silentTeams,
      outcomes,
    });
    for (const phase of judged) {
      const track = tracks.get(phase.schoolId) ?? {
        schoolId: phase.schoolId,
        schoolName: phase.schoolName,
        track: [],
        current: phase,
      };
      track.track.push({ on, phase: phase.phase });
      track.current = phase;
      tracks.set(phase.schoolId, track);
    }
  }
  return [...tracks.values()];
}
