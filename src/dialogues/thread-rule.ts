import { questionByNumber, type QuestionKey } from './questions.js';

/**
 * The documented rule for answers written as plain messages in a round's thread:
 * a message that starts with the question's number followed by `.`, `:` or `)` ("1. …",
 * "3: …", "5) …") answers that question, and the prefix is removed. Anything else is kept
 * as a general remark of the round (question key null).
 */
export function mapThreadText(text: string): { questionKey: QuestionKey | null; text: string } {
  const match = /^\s*(?:vraag\s*|q(?:uestion)?\s*)?([1-5])\s*[.:)]\s*/i.exec(text);
  if (match) {
    const key = questionByNumber(Number(match[1]));
    if (key) return { questionKey: key, text: text.slice(match[0].length).trim() };
  }
  return { questionKey: null, text: text.trim() };
}
