import type { School, Team } from '../model.js';
import { QUESTION_KEYS } from '../questions.js';
import type { DigestOutcome, DigestQuestion, DigestSilentTeam, DigestTeamLine, SchoolPhase } from './digest-body.js';
import type { QuestionAnswers, RoundParticipation, TeamActionCounts, TeamRoundHistory } from './digest-reads.js';
import { judgePhaseFigures } from './phase.js';

const EXCERPT_MAX = 200;

/**
 * One line per team for the week: its rounds, members and participants. Participants are the
 * most of any one round; they and the response rate are held back when the group is small.
 */
export function teamLines(
  teams: readonly Team[],
  schoolName: ReadonlyMap<string, string>,
  weekRounds: readonly RoundParticipation[],
  members: ReadonlyMap<string, number>,
  min: number,
): DigestTeamLine[] {
  const byTeam = groupBy(weekRounds, (r) => r.teamId);
  return teams
    .map((team) => {
      const rounds = byTeam.get(team.id) ?? [];
      const memberCount = members.get(team.id) ?? 0;
      const took = rounds.length === 0 ? 0 : Math.max(...rounds.map((r) => r.participants));
      const smallGroup = rounds.length > 0 && (took < min || memberCount < min);
      return {
        teamId: team.id,
        teamName: team.name,
        schoolName: schoolName.get(team.schoolId) ?? '',
        rounds: rounds.length,
        members: memberCount,
        participants: smallGroup || rounds.length === 0 ? null : took,
        responseRate:
          smallGroup || rounds.length === 0 || memberCount === 0
            ? null
            : Math.min(100, Math.round((took / memberCount) * 100)),
        smallGroup,
      };
    })
    .sort((a, b) => a.schoolName.localeCompare(b.schoolName) || a.teamName.localeCompare(b.teamName));
}

/**
 * Answers per question with the newest quoted. A quote names its team only when its round had
 * enough participants, and its author only then and when the round was not anonymous.
 */
export function questionLines(
  answers: readonly QuestionAnswers[],
  weekRounds: readonly RoundParticipation[],
  teams: ReadonlyMap<string, Team>,
  min: number,
): DigestQuestion[] {
  const rounds = new Map(weekRounds.map((r) => [r.roundId, r]));
  const byKey = new Map(answers.map((a) => [a.key, a]));
  return QUESTION_KEYS.map((key) => {
    const mine = byKey.get(key);
    return {
      key,
      answers: mine?.answers ?? 0,
      excerpts: (mine?.latest ?? []).map((answer) => {
        const round = rounds.get(answer.roundId);
        const attributed = (round?.participants ?? 0) >= min;
        const author = round !== undefined && !round.anonymous && attributed ? answer.authorName : null;
        return {
          text: excerpt(answer.text),
          teamName: attributed ? (teams.get(answer.teamId)?.name ?? null) : null,
          authorName: author,
        };
      }),
    };
  });
}

export interface PhaseReads {
  windowWeeks: number;
  history: readonly TeamRoundHistory[];
  actions: readonly TeamActionCounts[];
  silentTeams: readonly DigestSilentTeam[];
  outcomes: readonly DigestOutcome[];
}

/** Each visible school's phase, from the figures of its visible teams over the lookback window. */
export function schoolPhases(schools: readonly School[], teams: readonly Team[], reads: PhaseReads): SchoolPhase[] {
  const history = new Map(reads.history.map((h) => [h.teamId, h]));
  const actions = new Map(reads.actions.map((a) => [a.teamId, a]));
  const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return schools.map((school) => {
    const schoolTeams = teams.filter((t) => t.schoolId === school.id);
    const held = schoolTeams.flatMap((t) => history.get(t.id) ?? []);
    const counts = schoolTeams.flatMap((t) => actions.get(t.id) ?? []);
    const names = new Set([school.name, ...schoolTeams.map((t) => t.name)]);
    return judgePhaseFigures({
      schoolId: school.id,
      schoolName: school.name,
      windowWeeks: reads.windowWeeks,
      activeWeeks: new Set(held.flatMap((h) => h.weeksAgo)).size,
      silentTeams: reads.silentTeams.filter((s) => s.schoolName === school.name).length,
      rounds: sum(held, (h) => h.rounds),
      linkedRounds: sum(held, (h) => h.linkedRounds),
      aspects: new Set(held.flatMap((h) => h.aspects)),
      answeredKeys: new Set(held.flatMap((h) => h.answeredKeys)),
      guestViews: sum(held, (h) => h.guestViews),
      actions: {
        total: sum(counts, (c) => c.total),
        followed: sum(counts, (c) => c.followed),
        overdue: sum(counts, (c) => c.overdue),
        closed: sum(counts, (c) => c.closed),
      },
      outcomes: reads.outcomes.filter((o) => names.has(o.subjectName)),
    });
  });
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_MAX ? flat : `${flat.slice(0, EXCERPT_MAX - 1)}…`;
}
