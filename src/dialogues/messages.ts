import type { ActionStatus, Aspect, Locale, RoundQuestion, Visibility } from './model.js';
import type { DigestBody } from './digest/digest-body.js';
import type { QuestionKey } from './questions.js';

/**
 * What the bot says, free of any platform. Channel adapters render these into Block Kit,
 * Adaptive Cards or HTML, taking their words from the message catalogues.
 */
export type OutgoingMessage = PromptMessage | ReminderMessage | SummaryMessage | NoticeMessage | DigestMessage;

/** An outcome figure as shown next to the questions. */
export interface OutcomeFigure {
  metricKey: string;
  name: string;
  unit: string;
  value: number;
  target: number | null;
  period: string;
  /** Change since the previous snapshot of the same metric and subject; null when there is none. */
  change: number | null;
  higherIsBetter: boolean;
}

export interface ActionLine {
  id: string;
  /** The short per-team number (#12) commands take. */
  number: number;
  title: string;
  status: ActionStatus;
  dueOn: string | null;
  ownerName: string | null;
}

export interface PromptMessage {
  kind: 'round.prompt';
  roundId: string;
  teamName: string;
  theme: string;
  aspect: Aspect;
  questions: RoundQuestion[];
  anonymous: boolean;
  /** Who reads the answers; absent in prompts queued before it existed (read as named or anonymous). */
  visibility?: Visibility;
  /** The team sees the answers so far while the round is open. */
  shareWhileOpen?: boolean;
  closesAt: string;
  outcomes: OutcomeFigure[];
  openActions: ActionLine[];
}

export interface ReminderMessage {
  kind: 'round.reminder';
  roundId: string;
  teamName: string;
  theme: string;
  closesAt: string;
}

/** One answer as the team's summary shows it: cut to an excerpt, with its author in named rounds. */
export interface SummaryAnswer {
  author: string | null;
  text: string;
  /** The text was cut; the full text is on the dashboard. */
  cut: boolean;
}

/**
 * Why a summary lists no answers although there are some: the round's answers are for leaders
 * only, or an anonymous round had fewer participants than the minimum group size.
 */
export type SummaryWithheld = 'leaders' | 'small_group';

export interface SummaryMessage {
  kind: 'round.summary';
  roundId: string;
  teamName: string;
  theme: string;
  participants: number;
  /** Per question: the count, and the answers the team may read (at most a few; `more` says how many are left out). */
  perQuestion: { key: QuestionKey; count: number; answers?: SummaryAnswer[]; more?: number }[];
  generalRemarks: number;
  actionsCreated: number;
  /** Absent in summaries queued before answers were shown (counts only). */
  withheld?: SummaryWithheld | null;
  minGroupSize?: number;
  /** A summary of the answers so far, posted while the round is still open. */
  interim?: boolean;
  /** Where the dashboard shows the round's full text, relative to the dashboard (`rounds/<id>`); adapters make it absolute. */
  dashboardPath?: string;
}

/** A short catalogue text (`code` is a catalogue key under `notice.`) with its parameters. */
export interface NoticeMessage {
  kind: 'notice';
  code: string;
  params: Record<string, string | number>;
}

/** A leader's weekly digest. Its body is built by the digest use case (`digest/build-digest.ts`); adapters render it. */
export interface DigestMessage {
  kind: 'digest';
  week: string;
  scopeName: string;
  body: DigestBody;
}

export function questionText(
  question: RoundQuestion,
  locale: Locale,
  canonical: (key: QuestionKey, locale: Locale) => string,
): string {
  return question.phrasing?.[locale] ?? question.phrasing?.nl ?? canonical(question.key, locale);
}
