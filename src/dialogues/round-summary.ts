import { DEFAULT_MIN_GROUP_SIZE, SUMMARY_ANSWERS_PER_QUESTION, SUMMARY_EXCERPT_CHARS } from './limits.js';
import type { SummaryAnswer, SummaryMessage, SummaryWithheld } from './messages.js';
import type { Reply, Round } from './model.js';
import { QUESTION_KEYS } from './questions.js';

export interface SummaryOptions {
  /** Display names of the authors of named replies (person id → name). */
  names?: ReadonlyMap<string, string>;
  minGroupSize?: number;
  /** Summarises an open round (the answers so far). */
  interim?: boolean;
}

/** Where the dashboard shows one round's answers in full, relative to the dashboard's address. */
export const roundPagePath = (roundId: string) => `rounds/${encodeURIComponent(roundId)}`;

/**
 * The summary posted in the round's thread: how many took part, and per question the answers
 * the team may read — with names in named rounds, without in anonymous ones (only when at least
 * `minGroupSize` people took part), none when the answers are for leaders only. Each answer is
 * an excerpt and each question lists a few, so the message fits every platform; the dashboard
 * holds the full text.
 */
export function summarizeRound(
  round: Round,
  teamName: string,
  replies: readonly Reply[],
  actionsCreated: number,
  options: SummaryOptions = {},
): SummaryMessage {
  const live = replies
    .filter((r) => r.deletedAt === null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const asked = round.questions.map((q) => q.key);
  const participants = new Set(live.filter((r) => r.source !== 'guest').map((r) => r.authorToken)).size;
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const withheld = withheldReason(round, participants, minGroupSize);
  const shown = (of: Reply[]) => (withheld === null ? excerpts(round, of, options.names) : {});
  return {
    kind: 'round.summary',
    roundId: round.id,
    teamName,
    theme: round.theme,
    participants,
    perQuestion: QUESTION_KEYS.filter((key) => asked.includes(key)).map((key) => {
      const answers = live.filter((r) => r.questionKey === key);
      return { key, count: answers.length, ...shown(answers) };
    }),
    generalRemarks: live.filter((r) => r.questionKey === null).length,
    actionsCreated,
    withheld,
    minGroupSize,
    interim: options.interim ?? false,
    dashboardPath: roundPagePath(round.id),
  };
}

function withheldReason(round: Round, participants: number, minGroupSize: number): SummaryWithheld | null {
  if (round.audience === 'leaders') return 'leaders';
  if (round.anonymous && participants < minGroupSize) return 'small_group';
  return null;
}

function excerpts(
  round: Round,
  replies: readonly Reply[],
  names: ReadonlyMap<string, string> | undefined,
): { answers: SummaryAnswer[]; more: number } {
  const answers = replies.slice(0, SUMMARY_ANSWERS_PER_QUESTION).map((reply): SummaryAnswer => {
    const cut = reply.text.length > SUMMARY_EXCERPT_CHARS;
    const author = round.anonymous || reply.authorPersonId === null ? null : (names?.get(reply.authorPersonId) ?? null);
    return { author: reply.source === 'guest' ? null : author, text: cut ? excerpt(reply.text) : reply.text, cut };
  });
  return { answers, more: replies.length - answers.length };
}

/** Cut at a word boundary where there is one near the end, never inside a surrogate pair. */
function excerpt(text: string): string {
  let cut = text.slice(0, SUMMARY_EXCERPT_CHARS - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > SUMMARY_EXCERPT_CHARS * 0.8) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}
