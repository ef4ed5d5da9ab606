import type { Action, Aspect } from '../model.js';
import type { QuestionKey } from '../questions.js';

/**
 * The digest's read port: a few aggregate queries, each scoped to one organisation and a set of
 * teams, so a digest of a large board reads figures rather than every round and reply of a year.
 * Replies always mean live replies (not deleted); "participants" are distinct author tokens of
 * live replies that did not come from a guest.
 *
 * @example
 * const rounds = await store.digestReads.roundParticipation(organisationId, teamIds, { from: week.start, to: week.end });
 */
export interface DigestReadRepository {
  /** People with a member role in each of these teams (teams without members are left out). */
  memberCounts(organisationId: string, teamIds: readonly string[]): Promise<TeamCount[]>;
  /** Every round of these teams opened in the range, with its participant count; newest first. */
  roundParticipation(
    organisationId: string,
    teamIds: readonly string[],
    range: TimeRange,
  ): Promise<RoundParticipation[]>;
  /** The latest opening of a round before `before`, per team (teams that never had one are left out). */
  lastRounds(organisationId: string, teamIds: readonly string[], before: Date): Promise<TeamLastRound[]>;
  /** What the rounds of each team opened in the range show, for the phase of its school. */
  roundHistory(organisationId: string, teamIds: readonly string[], range: TimeRange): Promise<TeamRoundHistory[]>;
  /**
   * `roundHistory` for several ranges in one read (the report's phase at every quarter end): one
   * list per range, in the order given.
   */
  roundHistories(
    organisationId: string,
    teamIds: readonly string[],
    ranges: readonly TimeRange[],
  ): Promise<TeamRoundHistory[][]>;
  /**
   * Per question: the number of answers in the rounds opened in the range, and the `latest`
   * newest of them (ties: by round as `rounds.list` orders them, then oldest reply first).
   * Questions without answers are left out.
   */
  questionAnswers(
    organisationId: string,
    teamIds: readonly string[],
    range: TimeRange,
    latest: number,
  ): Promise<QuestionAnswers[]>;
  /** Action counts per team, for the phase of its school; `today` is a local date (YYYY-MM-DD). */
  actionCounts(organisationId: string, teamIds: readonly string[], today: string): Promise<TeamActionCounts[]>;
  /**
   * The actions a week's digest may list, oldest first: created or updated in the range, or open
   * or in progress and due on or before `dueBy` (YYYY-MM-DD). The digest picks its lists from these.
   */
  weekActions(
    organisationId: string,
    teamIds: readonly string[],
    range: TimeRange,
    dueBy: string,
  ): Promise<DigestActionRow[]>;
}

/** Instants from `from` (inclusive) to `to` (exclusive). */
export interface TimeRange {
  from: Date;
  to: Date;
}

export interface TeamCount {
  teamId: string;
  count: number;
}

export interface TeamLastRound {
  teamId: string;
  openedAt: Date;
}

export interface RoundParticipation {
  roundId: string;
  teamId: string;
  openedAt: Date;
  anonymous: boolean;
  participants: number;
}

export interface TeamRoundHistory {
  teamId: string;
  rounds: number;
  /** Rounds that carry outcome metrics. */
  linkedRounds: number;
  aspects: Aspect[];
  /** The distinct whole weeks (7 × 24 h) between each round's opening and the end of the range. */
  weeksAgo: number[];
  /** Question keys with at least one answer, guests' included. */
  answeredKeys: QuestionKey[];
  /** Guests' answers to the outside view question. */
  guestViews: number;
}

export interface QuestionAnswers {
  key: QuestionKey;
  answers: number;
  latest: LatestAnswer[];
}

export interface LatestAnswer {
  text: string;
  roundId: string;
  teamId: string;
  /** The display name of the person who answered; null for anonymous and guest answers. */
  authorName: string | null;
}

export interface TeamActionCounts {
  teamId: string;
  total: number;
  /** With an owner and a due date. */
  followed: number;
  /** Open or in progress and due before today. */
  overdue: number;
  /** Done. */
  closed: number;
}

export type DigestActionRow = Pick<
  Action,
  'id' | 'teamId' | 'number' | 'title' | 'status' | 'dueOn' | 'createdAt' | 'updatedAt'
> & {
  ownerName: string | null;
};
