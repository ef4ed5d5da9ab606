import type { SummaryMessage } from './messages.js';
import type { Reply, Round } from './model.js';
import { QUESTION_KEYS } from './questions.js';

/** The short closing summary: how many took part, answers per question, actions born. Never names. */
export function summarizeRound(round: Round, teamName: string, replies: readonly Reply[], actionsCreated: number): SummaryMessage {
  const live = replies.filter((r) => r.deletedAt === null);
  const asked = round.questions.map((q) => q.key);
  return {
    kind: 'round.summary',
    roundId: round.id,
    teamName,
    theme: round.theme,
    participants: new Set(live.map((r) => r.authorToken)).size,
    perQuestion: QUESTION_KEYS.filter((key) => asked.includes(key)).map((key) => ({
      key,
      count: live.filter((r) => r.questionKey === key).length,
    })),
    generalRemarks: live.filter((r) => r.questionKey === null).length,
    actionsCreated,
  };
}
