import type { TimeRange } from '../digest/digest-reads.js';
import type { ActionStatus, Aspect } from '../model.js';
import type { QuestionKey } from '../questions.js';
import type { Framework } from './framework.js';

/**
 * The report's read port: grouped, organisation-scoped queries over a period, so a board's
 * report of a year reads figures per team and question rather than every reply. Replies mean
 * live replies; participants are distinct author tokens of replies not from a guest.
 *
 * @example
 * const teams = await reads.teamDialogue(organisationId, teamIds, { from: period.start, to: period.end });
 */
export interface ReportReadRepository {
  /** Per team with rounds in the range: rounds held, participants summed over them, and answers per question. */
  teamDialogue(organisationId: string, teamIds: readonly string[], range: TimeRange): Promise<TeamDialogue[]>;
  /** Rounds per aspect, and the teams that held them. */
  aspectCounts(
    organisationId: string,
    teamIds: readonly string[],
    range: TimeRange,
  ): Promise<{ aspect: Aspect; rounds: number; teams: number }[]>;
  /** Live replies marked as highlights, in rounds of these teams opened in the range; oldest first. */
  highlights(organisationId: string, teamIds: readonly string[], range: TimeRange): Promise<HighlightRow[]>;
  /** Actions created before the range's end that were created, changed or still open in it; oldest first. */
  actions(organisationId: string, teamIds: readonly string[], range: TimeRange): Promise<ReportActionRow[]>;
  /** Guests' answers to the outside view in rounds opened in the range, with the rounds' invitations. */
  outsideViews(organisationId: string, teamIds: readonly string[], range: TimeRange): Promise<OutsideViewRow[]>;
}

export interface TeamDialogue {
  teamId: string;
  rounds: number;
  /** Sum over the rounds of each round's participants. */
  participantRounds: number;
  /** The fewest participants of any one of its rounds. */
  fewest: number;
  /** Live answers per question over its rounds (guests' included). */
  answers: Partial<Record<QuestionKey, number>>;
}

export interface HighlightRow {
  replyId: string;
  questionKey: QuestionKey;
  text: string;
  roundId: string;
  teamId: string;
  theme: string;
  openedAt: Date;
  /** The round's participants, for the minimum group size. */
  participants: number;
}

export interface ReportActionRow {
  id: string;
  teamId: string;
  title: string;
  status: ActionStatus;
  dueOn: string | null;
  ownerName: string | null;
  createdAt: Date;
  /** The metrics of the round it came from ([] without a round). */
  metricKeys: string[];
}

export interface OutsideViewRow {
  roundId: string;
  teamId: string;
  theme: string;
  openedAt: Date;
  text: string;
  authorToken: string;
  invitations: { id: string; name: string }[];
}

/** What the report is about: a school, or the whole board (organisation). */
export type ReportSubject = { kind: 'school'; schoolId: string } | { kind: 'board' };

/** A published, unchangeable copy of a report. */
export interface ReportVersion {
  id: string;
  organisationId: string;
  subject: ReportSubject;
  /** The period label (`2025-2026`). */
  period: string;
  /** 1, 2, … per subject and period. */
  version: number;
  locale: string;
  publishedAt: Date;
  publishedBy: string | null;
  /** The report as published: canonical JSON text, signed as is. */
  json: string;
  pdf: Uint8Array;
  /** sha256 (hex) of `json` and of `pdf`. */
  jsonSha256: string;
  pdfSha256: string;
  /** HMAC-SHA256 (base64url) over the version's identity and both hashes. */
  signature: string;
}

export type ReportVersionSummary = Omit<ReportVersion, 'json' | 'pdf'>;

/**
 * The coordinators' curation and the published versions. Versions are only ever added; the
 * SQL store also refuses any UPDATE of a version row in the database itself.
 */
export interface ReportRepository {
  /** Marks or unmarks a reply as a highlight; false when it was already in that state. */
  setHighlight(organisationId: string, replyId: string, on: boolean, by: string | null, at: Date): Promise<boolean>;
  /** A conclusion per standard; an empty text removes it. */
  setConclusion(
    organisationId: string,
    subject: ReportSubject,
    period: string,
    code: string,
    text: string,
    by: string | null,
    at: Date,
  ): Promise<void>;
  conclusions(organisationId: string, subject: ReportSubject, period: string): Promise<Map<string, string>>;
  /** Adds the next version (its number is chosen here, one above the last); returns it. */
  publish(version: Omit<ReportVersion, 'version'>): Promise<ReportVersion>;
  /** Newest first. */
  listVersions(organisationId: string, subject: ReportSubject, period: string): Promise<ReportVersionSummary[]>;
  getVersion(organisationId: string, id: string): Promise<ReportVersion | null>;
  findVersionByPdf(organisationId: string, pdfSha256: string): Promise<ReportVersionSummary | null>;
  /** The organisation's own framework; null: the default applies. */
  framework(organisationId: string): Promise<Framework | null>;
  setFramework(organisationId: string, framework: Framework | null, by: string | null, at: Date): Promise<void>;
}
