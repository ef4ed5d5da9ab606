import type { Clock, ReadLookups, ReadModels, Repositories } from '../../dialogues/ports.js';
import { buildDigest } from '../../dialogues/digest/build-digest.js';
import { isoWeekOf } from '../../dialogues/digest/iso-week.js';
import { outcomeLines } from '../../dialogues/digest/outcome-lines.js';
import { memberCounts, participation, participationOf } from '../../dialogues/digest/participation.js';
import { resolveScope, teamVisible } from '../../dialogues/digest/reader-scope.js';
import type { Person, Reply, Team } from '../../dialogues/model.js';
import { QUESTION_KEYS } from '../../dialogues/questions.js';
import type { OutcomesView } from './outcomes-page.js';
import type { OverviewView } from './overview-page.js';
import type { TeamView } from './team-page.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

const EXCERPTS = 3;

/** What the dashboard pages read: the read models, lookups and the actions list; nothing that writes. */
export interface DashboardReadDeps {
  readonly store: ReadModels & ReadLookups & Pick<Repositories, 'actions' | 'rounds'>;
  readonly clock: Clock;
}

export async function loadOverview(
  deps: DashboardReadDeps,
  organisationId: string,
  reader: Person,
  minGroupSize: number,
): Promise<OverviewView> {
  const { store } = deps;
  const organisation = await store.organisations.get(organisationId);
  const timeZone = organisation?.timeZone ?? DEFAULT_TIME_ZONE;
  const { teams, schools } = await resolveScope(store, organisationId, reader.id, { membersToo: true });
  const digest = await buildDigest(
    deps,
    { organisationId, personId: reader.id, week: isoWeekOf(deps.clock.now(), timeZone), membersToo: true },
    { minGroupSize },
  );
  const phases = digest.ok ? digest.value.body.phases : [];
  // Grouped reads: one query for all teams' members and one for all their latest rounds.
  const teamIds = teams.map((team) => team.id);
  const members = new Map(
    (await store.digestReads.memberCounts(organisationId, teamIds)).map((c) => [c.teamId, c.count]),
  );
  const latest = new Map((await store.dashboardReads.latestRounds(organisationId, teamIds)).map((r) => [r.teamId, r]));
  const rows = teams.map((team) => {
    const last = latest.get(team.id);
    const size = members.get(team.id) ?? 0;
    return {
      team,
      members: size,
      lastRoundAt: last?.openedAt ?? null,
      last: last ? participationOf(last.participants, size, minGroupSize) : null,
    };
  });
  return {
    locale: reader.locale,
    timeZone,
    schools: schools.map((school) => ({
      school,
      phase: phases.find((p) => p.schoolId === school.id) ?? null,
      teams: rows.filter((r) => r.team.schoolId === school.id),
    })),
  };
}

/** The team page, or null when the team does not exist or is outside the reader's scope (both answer 404). */
export async function loadTeam(
  deps: DashboardReadDeps,
  organisationId: string,
  reader: Person,
  teamId: string,
  minGroupSize: number,
): Promise<TeamView | null> {
  const { store } = deps;
  const team = await store.teams.get(organisationId, teamId);
  const { scope } = await resolveScope(store, organisationId, reader.id, { membersToo: true });
  if (!team || !teamVisible(scope, team)) return null;
  const organisation = await store.organisations.get(organisationId);
  const school = await store.schools.get(organisationId, team.schoolId);
  const memberGrants = await store.people.listByRole(organisationId, 'member');
  const size = memberCounts(memberGrants).get(team.id) ?? 0;
  const people = new Map((await store.people.list(organisationId)).map((p) => [p.id, p]));
  const listed = await store.rounds.list(organisationId, { teamId: team.id, limit: 10 });
  const repliesOf = new Map<string, Reply[]>();
  for (const reply of await store.dashboardReads.repliesOfRounds(
    organisationId,
    listed.map((round) => round.id),
  )) {
    repliesOf.set(reply.roundId, [...(repliesOf.get(reply.roundId) ?? []), reply]);
  }
  const rounds = listed.map((round) => {
    const replies = repliesOf.get(round.id) ?? [];
    return { round, replies, participation: participation(replies, size, minGroupSize) };
  });
  const answered = rounds
    .slice(0, 5)
    .flatMap(({ round, replies, participation: p }) =>
      replies.map((reply) => ({ round, reply, shown: !p.smallGroup })),
    );
  const questions = QUESTION_KEYS.map((key) => {
    const mine = answered
      .filter((a) => a.reply.questionKey === key)
      .sort((a, b) => b.reply.createdAt.getTime() - a.reply.createdAt.getTime());
    return {
      key,
      count: mine.length,
      excerpts: mine.slice(0, EXCERPTS).map(({ round, reply, shown }) => ({
        text: reply.text.length > 300 ? `${reply.text.slice(0, 299)}…` : reply.text,
        // Names only for named rounds with enough people; never for anonymous rounds.
        author:
          shown && !round.anonymous && reply.authorPersonId
            ? (people.get(reply.authorPersonId)?.displayName ?? null)
            : null,
      })),
    };
  });
  const actions = await store.actions.listByTeam(organisationId, team.id);
  const ownerIds = new Set([
    ...memberGrants.filter((g) => g.scope.kind === 'team' && g.scope.teamId === team.id).map((g) => g.personId),
    ...actions.flatMap((a) => (a.ownerPersonId ? [a.ownerPersonId] : [])),
  ]);
  return {
    locale: reader.locale,
    timeZone: organisation?.timeZone ?? DEFAULT_TIME_ZONE,
    team,
    schoolName: school?.name ?? '',
    rounds: rounds.map(({ round, participation: p }) => ({ round, participation: p })),
    questions,
    actions,
    people,
    owners: [...ownerIds]
      .flatMap((id) => people.get(id) ?? [])
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}

export async function loadOutcomes(
  deps: DashboardReadDeps,
  organisationId: string,
  reader: Person,
  minGroupSize: number,
  canImport: boolean,
): Promise<OutcomesView> {
  const { store } = deps;
  const { scope, teams, schools } = await resolveScope(store, organisationId, reader.id, { membersToo: true });
  const teamById = new Map<string, Team>(teams.map((t) => [t.id, t]));
  const latest = outcomeLines(
    await store.metrics.list(organisationId),
    await store.snapshots.list(organisationId),
    (subject) =>
      subject.kind === 'team'
        ? (teamById.get(subject.teamId)?.name ?? null)
        : scope.kind === 'teams'
          ? null
          : (schools.find((s) => s.id === subject.schoolId)?.name ?? null),
    minGroupSize,
  );
  return { locale: reader.locale, metrics: await store.metrics.list(organisationId), latest, canImport };
}
