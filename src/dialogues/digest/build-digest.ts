import type { DialogueDeps } from '../deps.js';
import type { DigestMessage } from '../messages.js';
import type { Action, Person, Reply, Round, Team } from '../model.js';
import type { OutcomeSubject } from '../outcomes/model.js';
import { QUESTION_KEYS } from '../questions.js';
import { fail, ok, type Result } from '../result.js';
import type { DigestAction, DigestBody, DigestQuestion, DigestTeamLine } from './digest-body.js';
import { isIsoWeek, weekBounds } from './iso-week.js';
import { outcomeLines } from './outcome-lines.js';
import { judgePhase } from './phase.js';
import { readerScope, teamVisible } from './reader-scope.js';

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
  links?: (digest: { organisationId: string; personId: string; week: string }) => { chartUrl: string | null; dashboardUrl: string | null };
}

export interface DigestRequest {
  organisationId: string;
  /** The reader: their leader or coordinator grants decide the scope. */
  personId: string;
  week: string;
  /** The dashboard shows members their own teams; the digest itself is for leaders and coordinators. */
  membersToo?: boolean;
}

const EXCERPT_MAX = 200;

/**
 * A leader's weekly digest for their scope (organisation or school) and one ISO week.
 *
 * @example
 * const digest = await buildDigest(deps, { organisationId, personId: leader.id, week: '2026-W47' }, { minGroupSize: 3 });
 */
export async function buildDigest(deps: DialogueDeps, request: DigestRequest, options: DigestOptions): Promise<Result<DigestMessage>> {
  const { store } = deps;
  const { organisationId } = request;
  if (!isIsoWeek(request.week)) return fail('input.invalid', { field: 'week' });
  const organisation = await store.organisations.get(organisationId);
  const reader = await store.people.get(organisationId, request.personId);
  if (!organisation || !reader) return fail('person.not_found');
  const scope = readerScope(await store.people.roles(organisationId, reader.id), { membersToo: request.membersToo ?? false });
  if (scope.kind === 'none') return fail('permission.denied', { role: 'leader' });

  const bounds = weekBounds(request.week, organisation.timeZone);
  const min = options.minGroupSize;
  const silentAfter = options.silentAfterWeeks ?? 3;
  const windowWeeks = options.phaseWindowWeeks ?? 12;
  const windowStart = bounds.end.getTime() - windowWeeks * WEEK_MS;

  const schools = (await store.schools.list(organisationId)).sort((a, b) => a.name.localeCompare(b.name));
  const teams = (await store.teams.list(organisationId)).filter((team) => teamVisible(scope, team));
  const visibleSchools = schools.filter((s) => teams.some((t) => t.schoolId === s.id) || (scope.kind === 'schools' && scope.schoolIds.includes(s.id)) || scope.kind === 'organisation');
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const teamIds = new Set(teams.map((t) => t.id));
  const people = new Map((await store.people.list(organisationId)).map((p) => [p.id, p]));
  const members = await store.people.listByRole(organisationId, 'member');
  const allRounds = (await store.rounds.list(organisationId)).filter((r) => teamIds.has(r.teamId) && r.openedAt.getTime() < bounds.end.getTime());
  const windowRounds = allRounds.filter((r) => r.openedAt.getTime() >= windowStart);
  const replies = new Map<string, Reply[]>();
  for (const round of windowRounds) replies.set(round.id, await store.replies.listByRound(organisationId, round.id));
  const inWeek = (at: Date) => at.getTime() >= bounds.start.getTime() && at.getTime() < bounds.end.getTime();
  const weekRounds = windowRounds.filter((r) => inWeek(r.openedAt));
  const participants = (round: Round) => new Set((replies.get(round.id) ?? []).filter((r) => r.source !== 'guest').map((r) => r.authorToken)).size;

  const teamLines: DigestTeamLine[] = teams.map((team) => {
    const rounds = weekRounds.filter((r) => r.teamId === team.id);
    const memberCount = new Set(members.filter((g) => g.scope.kind === 'team' && g.scope.teamId === team.id).map((g) => g.personId)).size;
    const took = rounds.length === 0 ? 0 : Math.max(...rounds.map(participants));
    const smallGroup = rounds.length > 0 && (took < min || memberCount < min);
    return {
      teamId: team.id,
      teamName: team.name,
      schoolName: schoolName.get(team.schoolId) ?? '',
      rounds: rounds.length,
      members: memberCount,
      participants: smallGroup || rounds.length === 0 ? null : took,
      responseRate: smallGroup || rounds.length === 0 || memberCount === 0 ? null : Math.min(100, Math.round((took / memberCount) * 100)),
      smallGroup,
    };
  }).sort((a, b) => a.schoolName.localeCompare(b.schoolName) || a.teamName.localeCompare(b.teamName));

  const lastRound = (team: Team) => allRounds.filter((r) => r.teamId === team.id).reduce<number | null>((last, r) => Math.max(last ?? 0, r.openedAt.getTime()), null);
  const silentTeams = teams.flatMap((team) => {
    const last = lastRound(team);
    const weeks = last === null ? null : Math.floor((bounds.end.getTime() - last) / WEEK_MS);
    return weeks === null || weeks >= silentAfter ? [{ teamName: team.name, schoolName: schoolName.get(team.schoolId) ?? '', weeks }] : [];
  });

  const teamById = new Map(teams.map((t) => [t.id, t]));
  const questions = questionLines(weekRounds, replies, participants, teamById, people, min, options.excerptsPerQuestion ?? 3);

  const subjectName = (subject: OutcomeSubject): string | null => {
    if (subject.kind === 'school') return visibleSchools.some((s) => s.id === subject.schoolId) && (scope.kind !== 'teams') ? (schoolName.get(subject.schoolId) ?? null) : null;
    return teamById.get(subject.teamId)?.name ?? null;
  };
  const metrics = await store.metrics.list(organisationId);
  const snapshots = await store.snapshots.list(organisationId);
  const outcomes = outcomeLines(metrics, snapshots, subjectName, min);

  const actions = (await store.actions.list(organisationId)).filter((a) => teamIds.has(a.teamId));
  const actionLine = (a: Action): DigestAction => ({ title: a.title, teamName: teamById.get(a.teamId)?.name ?? '', status: a.status, dueOn: a.dueOn, ownerName: a.ownerPersonId ? (people.get(a.ownerPersonId)?.displayName ?? null) : null });
  const open = (a: Action) => a.status === 'open' || a.status === 'in_progress';

  const phases = visibleSchools.map((school) => {
    const schoolTeams = teams.filter((t) => t.schoolId === school.id);
    const rounds = windowRounds.filter((r) => schoolTeams.some((t) => t.id === r.teamId));
    const weeksActive = new Set(rounds.map((r) => Math.floor((bounds.end.getTime() - r.openedAt.getTime()) / WEEK_MS))).size;
    const names = new Set([school.name, ...schoolTeams.map((t) => t.name)]);
    return judgePhase({
      schoolId: school.id,
      schoolName: school.name,
      windowWeeks,
      activeWeeks: weeksActive,
      teams: schoolTeams.length,
      silentTeams: silentTeams.filter((s) => s.schoolName === school.name).length,
      rounds,
      replies: rounds.flatMap((r) => replies.get(r.id) ?? []),
      actions: actions.filter((a) => schoolTeams.some((t) => t.id === a.teamId)),
      outcomes: outcomes.filter((o) => names.has(o.subjectName)),
      today: bounds.to,
    });
  });

  const links = options.links?.({ organisationId, personId: reader.id, week: request.week }) ?? { chartUrl: null, dashboardUrl: null };
  const body: DigestBody = {
    scope,
    from: bounds.from,
    to: bounds.to,
    minGroupSize: min,
    teams: teamLines,
    silentTeams,
    silentAfterWeeks: silentAfter,
    questions,
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

function questionLines(
  rounds: readonly Round[],
  replies: ReadonlyMap<string, Reply[]>,
  participants: (round: Round) => number,
  teams: ReadonlyMap<string, Team>,
  people: ReadonlyMap<string, Person>,
  min: number,
  perQuestion: number,
): DigestQuestion[] {
  const answered = rounds.flatMap((round) => (replies.get(round.id) ?? []).map((reply) => ({ round, reply })));
  return QUESTION_KEYS.map((key) => {
    const mine = answered.filter((a) => a.reply.questionKey === key).sort((a, b) => b.reply.createdAt.getTime() - a.reply.createdAt.getTime());
    return {
      key,
      answers: mine.length,
      excerpts: mine.slice(0, perQuestion).map(({ round, reply }) => {
        const attributed = participants(round) >= min;
        const author = !round.anonymous && attributed && reply.authorPersonId ? (people.get(reply.authorPersonId)?.displayName ?? null) : null;
        return { text: excerpt(reply.text), teamName: attributed ? (teams.get(round.teamId)?.name ?? null) : null, authorName: author };
      }),
    };
  });
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_MAX ? flat : `${flat.slice(0, EXCERPT_MAX - 1)}…`;
}
