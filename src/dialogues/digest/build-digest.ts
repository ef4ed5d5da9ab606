import type { Clock, DigestReadModel, ReadLookups } from '../ports.js';
import type { DigestMessage } from '../messages.js';
import type { OutcomeSubject } from '../outcomes/model.js';
import { fail, ok, type Result } from '../result.js';
import type { DigestAction, DigestBody } from './digest-body.js';
import type { DigestActionRow } from './digest-reads.js';
import { questionLines, schoolPhases, teamLines } from './digest-lines.js';
import { isAfter, isIsoWeek, isoWeekOf, weekBounds } from './iso-week.js';
import { outcomeLines } from './outcome-lines.js';
import { readerScope, teamVisible, type ReaderScope } from './reader-scope.js';

const WEEK_MS = 7 * 86_400_000;

export interface DigestOptions {
  /** Groups smaller than this are never shown with attribution (MIN_GROUP_SIZE, default 3). */
  minGroupSize: number;
  /** A team without a round for this many weeks is listed as silent. Default 3. */
  silentAfterWeeks?: number;
  /** How far back the phase of a school is judged. Default 12 weeks. */
  phaseWindowWeeks?: number;
  excerptsPerQuestion?: number;
  /** The chart and dashboard links for this digest (the composition root knows the public URL). */
  links?: (digest: { organisationId: string; personId: string; week: string; schoolId?: string | null }) => {
    chartUrl: string | null;
    dashboardUrl: string | null;
  };
}

export interface DigestRequest {
  organisationId: string;
  /** The reader: their leader or coordinator grants decide the scope. */
  personId: string;
  week: string;
  /** The dashboard shows members their own teams; the digest itself is for leaders and coordinators. */
  membersToo?: boolean;
  /** Cuts the reader's scope to this one school (a school's leadership channel); it must lie within it. */
  schoolId?: string | null;
}

/** What the digest reads: its read model and the lookups beside it, nothing that writes. */
export interface DigestReadDeps {
  readonly store: DigestReadModel & ReadLookups;
  /** Today decides which weeks exist yet: a week that has not begun is refused. */
  readonly clock: Clock;
}

/**
 * A leader's weekly digest for their scope (organisation or school) and one ISO week.
 *
 * @example
 * const digest = await buildDigest(deps, { organisationId, personId: leader.id, week: '2026-W47' }, { minGroupSize: 3 });
 */
export async function buildDigest(
  deps: DigestReadDeps,
  request: DigestRequest,
  options: DigestOptions,
): Promise<Result<DigestMessage>> {
  const { store } = deps;
  const reads = store.digestReads;
  const { organisationId } = request;
  // A week that does not exist or has not begun is an error, never quietly another week.
  if (!isIsoWeek(request.week)) return fail('digest.week_unknown', { week: request.week });
  const organisation = await store.organisations.get(organisationId);
  const reader = await store.people.get(organisationId, request.personId);
  if (!organisation || !reader) return fail('person.not_found');
  const current = isoWeekOf(deps.clock.now(), organisation.timeZone);
  if (isAfter(request.week, current)) return fail('digest.week_future', { week: request.week, current });
  const scope = narrowed(
    readerScope(await store.people.roles(organisationId, reader.id), { membersToo: request.membersToo ?? false }),
    request.schoolId ?? null,
  );
  if (scope.kind === 'none') return fail('permission.denied', { role: 'leader' });

  const bounds = weekBounds(request.week, organisation.timeZone);
  const min = options.minGroupSize;
  const silentAfter = options.silentAfterWeeks ?? 3;
  const windowWeeks = options.phaseWindowWeeks ?? 12;
  const window = { from: new Date(bounds.end.getTime() - windowWeeks * WEEK_MS), to: bounds.end };
  // The week's rounds are those of the window opened in the week (a window shorter than the week cuts it).
  const weekRange = { from: new Date(Math.max(bounds.start.getTime(), window.from.getTime())), to: bounds.end };

  const schools = (await store.schools.list(organisationId)).sort((a, b) => a.name.localeCompare(b.name));
  const teams = (await store.teams.list(organisationId)).filter((team) => teamVisible(scope, team));
  const visibleSchools = schools.filter(
    (s) =>
      teams.some((t) => t.schoolId === s.id) ||
      (scope.kind === 'schools' && scope.schoolIds.includes(s.id)) ||
      scope.kind === 'organisation',
  );
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const teamIds = teams.map((t) => t.id);
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const inWeek = (at: Date) => at.getTime() >= bounds.start.getTime() && at.getTime() < bounds.end.getTime();

  const members = new Map((await reads.memberCounts(organisationId, teamIds)).map((c) => [c.teamId, c.count]));
  const weekRounds = await reads.roundParticipation(organisationId, teamIds, weekRange);
  const lastRound = new Map(
    (await reads.lastRounds(organisationId, teamIds, bounds.end)).map((r) => [r.teamId, r.openedAt.getTime()]),
  );
  const silentTeams = teams.flatMap((team) => {
    const last = lastRound.get(team.id) ?? null;
    const weeks = last === null ? null : Math.floor((bounds.end.getTime() - last) / WEEK_MS);
    return weeks === null || weeks >= silentAfter
      ? [{ teamName: team.name, schoolName: schoolName.get(team.schoolId) ?? '', weeks }]
      : [];
  });
  const answers = await reads.questionAnswers(organisationId, teamIds, weekRange, options.excerptsPerQuestion ?? 3);

  const subjectName = (subject: OutcomeSubject): string | null => {
    if (subject.kind === 'school')
      return visibleSchools.some((s) => s.id === subject.schoolId) && scope.kind !== 'teams'
        ? (schoolName.get(subject.schoolId) ?? null)
        : null;
    return teamById.get(subject.teamId)?.name ?? null;
  };
  const metrics = await store.metrics.list(organisationId);
  const snapshots = await store.snapshots.list(organisationId);
  const outcomes = outcomeLines(metrics, snapshots, subjectName, min);

  const actions = await reads.weekActions(organisationId, teamIds, { from: bounds.start, to: bounds.end }, bounds.to);
  const actionLine = (a: DigestActionRow): DigestAction => ({
    number: a.number,
    title: a.title,
    teamName: teamById.get(a.teamId)?.name ?? '',
    status: a.status,
    dueOn: a.dueOn,
    ownerName: a.ownerName,
  });
  const open = (a: DigestActionRow) => a.status === 'open' || a.status === 'in_progress';

  const phases = schoolPhases(visibleSchools, teams, {
    windowWeeks,
    history: await reads.roundHistory(organisationId, teamIds, window),
    actions: await reads.actionCounts(organisationId, teamIds, bounds.to),
    silentTeams,
    outcomes,
  });

  const links = options.links?.({
    organisationId,
    personId: reader.id,
    week: request.week,
    schoolId: request.schoolId ?? null,
  }) ?? { chartUrl: null, dashboardUrl: null };
  const body: DigestBody = {
    scope,
    from: bounds.from,
    to: bounds.to,
    minGroupSize: min,
    teams: teamLines(teams, schoolName, weekRounds, members, min),
    silentTeams,
    silentAfterWeeks: silentAfter,
    questions: questionLines(answers, weekRounds, teamById, min),
    outcomes,
    actions: {
      created: actions.filter((a) => inWeek(a.createdAt)).map(actionLine),
      overdue: actions.filter((a) => open(a) && a.dueOn !== null && a.dueOn <= bounds.to).map(actionLine),
      completed: actions.filter((a) => a.status === 'done' && inWeek(a.updatedAt)).map(actionLine),
    },
    phases,
    ...links,
  };
  const scopeName = scope.kind === 'organisation' ? organisation.name : visibleSchools.map((s) => s.name).join(', ');
  return ok({ kind: 'digest', week: request.week, scopeName, body });
}

/** The scope cut to one school, or `none` when that school lies outside it. */
function narrowed(scope: ReaderScope, schoolId: string | null): ReaderScope {
  if (schoolId === null) return scope;
  const covered = scope.kind === 'organisation' || (scope.kind === 'schools' && scope.schoolIds.includes(schoolId));
  return covered ? { kind: 'schools', schoolIds: [schoolId] } : { kind: 'none' };
}
