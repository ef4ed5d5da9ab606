import type { ActionStatus, Aspect, Locale, RoundQuestion } from './model.js';
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

export interface SummaryMessage {
  kind: 'round.summary';
  roundId: string;
  teamName: string;
  theme: string;
  participants: number;
  perQuestion: { key: QuestionKey; count: number }[];
  generalRemarks: number;
  actionsCreated: number;
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

export function questionText(question: RoundQuestion, locale: Locale, canonical: (key: QuestionKey, locale: Locale) => string): string {
  return question.phrasing?.[locale] ?? question.phrasing?.nl ?? canonical(question.key, locale);
}
