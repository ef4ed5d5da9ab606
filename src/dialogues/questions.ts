/** The five quality questions, by canonical key. Every prompt and every answer keeps its key. */
export const QUESTION_KEYS = ['right_things', 'done_well', 'evidence', 'outside_view', 'next_steps'] as const;

export type QuestionKey = (typeof QUESTION_KEYS)[number];

export function isQuestionKey(value: unknown): value is QuestionKey {
  return typeof value === 'string' && (QUESTION_KEYS as readonly string[]).includes(value);
}

/** The 1-based position of a question in the canonical order ("3." in a thread means `evidence`). */
export function questionNumber(key: QuestionKey): number {
  return QUESTION_KEYS.indexOf(key) + 1;
}

export function questionByNumber(n: number): QuestionKey | undefined {
  return QUESTION_KEYS[n - 1];
}
