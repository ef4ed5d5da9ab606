import { holds, teamContext } from './access.js';
import type { DialogueDeps } from './deps.js';
import { resolveScope, teamVisible } from './digest/reader-scope.js';
import { DEFAULT_MIN_GROUP_SIZE } from './limits.js';
import type { Reply, Round, Team } from './model.js';
import { QUESTION_KEYS, type QuestionKey } from './questions.js';
import { fail, ok, type Result } from './result.js';

/** One answer in full, with its author when the round is named. */
export interface FullAnswer {
  author: string | null;
  text: string;
  guest: boolean;
  at: Date;
}

/**
 * Why the reader sees counts but no texts: the round's answers are for leaders only, an anonymous
 * round had too few participants, or the round is still open and its team did not choose to see
 * answers before it closes.
 */
export type AnswersWithheld = 'leaders' | 'small_group' | 'open';

export interface RoundAnswers {
  round: Round;
  team: Team;
  participants: number;
  minGroupSize: number;
  withheld: AnswersWithheld | null;
  /** Per question of the round (and the general remarks under `null`): the count and, unless withheld, every answer. */
  questions: { key: QuestionKey | null; count: number; answers: FullAnswer[] }[];
}

/**
 * A round's answers in full, as the reader may see them: the dashboard's round page, where the
 * thread summary links to. The same rules as the summary: names only in named rounds, no texts of
 * an anonymous round below the minimum group size, and for leaders-only rounds the texts go to
 * leaders and coordinators of the team, not to its members. A round the reader may not see at
 * all answers `round.not_found`, as if it did not exist.
 */
export async function readRoundAnswers(
  deps: DialogueDeps,
  organisationId: string,
  readerId: string,
  roundId: string,
  minGroupSize?: number,
): Promise<Result<RoundAnswers>> {
  const { store } = deps;
  const round = await store.rounds.get(organisationId, roundId);
  const team = round ? await store.teams.get(organisationId, round.teamId) : null;
  if (!round || !team) return fail('round.not_found');
  const { scope } = await resolveScope(store, organisationId, readerId, { membersToo: true });
  if (!teamVisible(scope, team)) return fail('round.not_found');
  const leadership = holds(
    await store.people.roles(organisationId, readerId),
    ['leader', 'coordinator'],
    teamContext(team),
  );
  const min =
    minGroupSize ?? (await store.digests.minGroupSize(organisationId)) ?? deps.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const live = (await store.replies.listByRound(organisationId, round.id))
    .filter((r) => r.deletedAt === null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const participants = new Set(live.filter((r) => r.source !== 'guest').map((r) => r.authorToken)).size;
  const withheld = withheldFor(round, participants, min, leadership);
  const names = new Map<string, string>();
  if (withheld === null && !round.anonymous) {
    for (const id of new Set(live.flatMap((r) => (r.authorPersonId ? [r.authorPersonId] : [])))) {
      const person = await store.people.get(organisationId, id);
      if (person) names.set(id, person.displayName);
    }
  }
  const full = (reply: Reply): FullAnswer => ({
    author: reply.authorPersonId && !round.anonymous ? (names.get(reply.authorPersonId) ?? null) : null,
    text: reply.text,
    guest: reply.source === 'guest',
    at: reply.createdAt,
  });
  // Asked questions, and `outside_view` when only outside reviewers answered it.
  const keys: (QuestionKey | null)[] = [
    ...QUESTION_KEYS.filter(
      (key) => round.questions.some((q) => q.key === key) || live.some((r) => r.questionKey === key),
    ),
    null,
  ];
  const questions = keys.map((key) => {
    const of = live.filter((r) => r.questionKey === key);
    return { key, count: of.length, answers: withheld === null ? of.map(full) : [] };
  });
  return ok({
    round,
    team,
    participants,
    minGroupSize: min,
    withheld,
    questions: questions.filter((q) => q.key !== null || q.count > 0),
  });
}

function withheldFor(
  round: Round,
  participants: number,
  minGroupSize: number,
  leadership: boolean,
): AnswersWithheld | null {
  if (round.anonymous && participants < minGroupSize) return 'small_group';
  if (leadership) return null;
  if (round.audience === 'leaders') return 'leaders';
  if (round.status === 'open' && !round.shareWhileOpen) return 'open';
  return null;
}
