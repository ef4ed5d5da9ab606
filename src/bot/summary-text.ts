import { visibilityOf } from '../dialogues/answer-visibility.js';
import type { PromptMessage, SummaryAnswer, SummaryMessage } from '../dialogues/messages.js';
import type { Locale, Round, Visibility } from '../dialogues/model.js';
import { questionWording, t } from '../i18n/index.js';

/**
 * The texts of a round's thread summary and of the prompt's privacy sentence, the same on every
 * platform. Plain text: each renderer escapes it for its own format.
 */

/** Who sees the answers, as the prompt and the answer forms say it. */
export function privacyNote(locale: Locale, visibility: Visibility, shareWhileOpen: boolean): string {
  const who = t(locale, `prompt.${visibility}`);
  return shareWhileOpen && visibility !== 'leaders' ? `${who} ${t(locale, 'prompt.while_open')}` : who;
}

export function promptPrivacyNote(locale: Locale, message: PromptMessage): string {
  // Prompts queued before `visibility` existed carry only `anonymous`.
  return privacyNote(
    locale,
    message.visibility ?? (message.anonymous ? 'anonymous' : 'named'),
    message.shareWhileOpen ?? false,
  );
}

export function roundPrivacyNote(locale: Locale, round: Round): string {
  return privacyNote(locale, visibilityOf(round), round.shareWhileOpen);
}

export interface SummaryParts {
  title: string;
  /** "4 deelnemers", or the "no answers" line when nobody answered. */
  lead: string;
  /** Per question: heading and the answers shown (empty when withheld). */
  questions: { heading: string; answers: SummaryAnswer[]; more: string | null; moreCount: number; empty: boolean }[];
  /** Why no answers are shown, when they are withheld. */
  withheld: string | null;
  /** General remarks and new actions. */
  totals: string[];
  linkLabel: string;
}

export function summaryParts(message: SummaryMessage, locale: Locale): SummaryParts {
  const theme = message.theme || message.teamName;
  const title = t(locale, message.interim ? 'summary.title_interim' : 'summary.title', { theme });
  const withheld =
    message.withheld === 'leaders'
      ? t(locale, 'summary.withheld_leaders')
      : message.withheld === 'small_group'
        ? t(locale, 'summary.withheld_small_group', { min: message.minGroupSize ?? 3 })
        : null;
  return {
    title,
    lead:
      message.participants === 0
        ? t(locale, 'summary.none')
        : t(locale, 'summary.participants', { count: message.participants }),
    questions: message.perQuestion.map((q) => ({
      heading: t(locale, 'summary.question_heading', { question: questionWording(q.key, locale), count: q.count }),
      answers: q.answers ?? [],
      more: q.more ? t(locale, 'summary.more', { count: q.more }) : null,
      moreCount: q.more ?? 0,
      // Said only when nobody answered: answers missing for another reason (withheld, or a
      // summary queued before answers were shown) are not "no answers".
      empty: q.count === 0,
    })),
    withheld,
    totals: [
      t(locale, 'summary.general', { count: message.generalRemarks }),
      ...(message.interim ? [] : [t(locale, 'summary.actions', { count: message.actionsCreated })]),
    ],
    linkLabel: t(locale, 'summary.full_text'),
  };
}

/** One answer on one line: whitespace folded, so a summary keeps its shape on every platform. */
export function answerLine(answer: SummaryAnswer): { author: string | null; text: string } {
  return { author: answer.author, text: answer.text.replace(/\s+/g, ' ').trim() };
}

/** The absolute address of the round's full text, from the dashboard's address; null when unknown. */
export function fullTextUrl(message: SummaryMessage, dashboardUrl: string | undefined): string | null {
  if (!dashboardUrl || !message.dashboardPath || !/^https?:\/\//.test(dashboardUrl)) return null;
  return `${dashboardUrl.replace(/\/$/, '')}/${message.dashboardPath}`;
}
