import type { Reply } from './model.js';

/**
 * The dashboard's grouped reads: each answers for a whole list of teams or rounds in one go, so
 * an overview of a board with hundreds of teams costs as many queries as one with three.
 * "Participants" mean what they mean in the digest: distinct author tokens of live replies that
 * did not come from a guest.
 *
 * @example
 * const latest = await store.dashboardReads.latestRounds(organisationId, teams.map((t) => t.id));
 */
export interface DashboardReadRepository {
  /**
   * Each team's newest round (by opening, then id, both descending: the first of `rounds.list`)
   * with its participant count. Teams that never had a round are left out.
   */
  latestRounds(organisationId: string, teamIds: readonly string[]): Promise<TeamLatestRound[]>;
  /** The live replies of these rounds, oldest first (each round's as `replies.listByRound` gives them). */
  repliesOfRounds(organisationId: string, roundIds: readonly string[]): Promise<Reply[]>;
}

export interface TeamLatestRound {
  teamId: string;
  roundId: string;
  openedAt: Date;
  participants: number;
}
