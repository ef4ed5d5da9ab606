import { questionText } from '../../dialogues/messages.js';
import type { Locale, Round } from '../../dialogues/model.js';
import type { QuestionKey } from '../../dialogues/questions.js';
import type { Fail } from '../../dialogues/result.js';
import { questionWording, t } from '../../i18n/index.js';
import { context, LIMITS, plain, sections, type Block } from './block-kit.js';
import { escapeMrkdwn as esc, truncatePlain } from './mrkdwn.js';
import type { ViewValues } from './slack-payloads.js';
import { roundPrivacyNote } from '../summary-text.js';

export const ANSWER_CALLBACK = 'vv_answers';
const INPUT_ACTION = 'answer';
const blockId = (key: QuestionKey) => `q_${key}`;

/**
 * The answer form: one multi-line input per question of the round, prefilled with the person's
 * earlier answers so answering again edits them. The round id travels in private_metadata and is
 * checked against the person's organisation again on submit.
 */
export function answerModal(
  round: Round,
  teamName: string,
  locale: Locale,
  prefill: Partial<Record<QuestionKey, string>>,
): Record<string, unknown> {
  const title = round.theme
    ? t(locale, 'prompt.title', { theme: round.theme })
    : t(locale, 'prompt.title_plain', { team: teamName });
  const blocks: Block[] = [
    ...sections(`*${esc(title)}*`),
    context(esc(`${roundPrivacyNote(locale, round)} ${t(locale, 'slack.modal_hint')}`)),
  ];
  for (const question of round.questions) {
    const initial = prefill[question.key];
    const label = questionText(question, locale, questionWording);
    // An answer longer than Slack's input (given on the web or in Teams) is never cut to fit:
    // its question gets no field here, so saving leaves it as it is.
    if (initial && initial.length > LIMITS.plainTextInput) {
      blocks.push(
        ...sections(`*${esc(label)}*`),
        context(esc(t(locale, 'web.slack_too_long', { max: LIMITS.plainTextInput }))),
      );
      continue;
    }
    blocks.push({
      type: 'input',
      block_id: blockId(question.key),
      optional: true,
      label: plain(label, LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: INPUT_ACTION,
        multiline: true,
        // Slack's own ceiling for an input (its counter shows it); longer answers are refused whole by the domain.
        max_length: LIMITS.plainTextInput,
        ...(initial ? { initial_value: initial } : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: ANSWER_CALLBACK,
    private_metadata: JSON.stringify({ roundId: round.id }),
    title: plain(t(locale, 'slack.modal_title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'slack.modal_submit'), LIMITS.modalButton),
    close: plain(t(locale, 'slack.modal_cancel'), LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

/** The submitted texts, one per question of the round (an empty field clears an earlier answer). */
export function answersFrom(round: Round, values: ViewValues): { key: QuestionKey; text: string }[] {
  // A question without a field in the form (its answer too long for Slack) is left alone, not cleared.
  return round.questions
    .filter((q) => values[blockId(q.key)] !== undefined)
    .map((q) => ({ key: q.key, text: values[blockId(q.key)]?.[INPUT_ACTION]?.value ?? '' }));
}

/** A refusal shown under the field it is about (`response_action: errors`). */
export function answerErrors(
  round: Round,
  answers: { key: QuestionKey; text: string }[],
  failure: Fail<string>,
  message: string,
): Record<string, string> {
  const question =
    failure.code === 'reply.too_long'
      ? answers.find((a) => a.text.length > Number(failure.details?.max ?? Infinity))?.key
      : failure.code === 'question.not_in_round'
        ? (failure.details?.question as QuestionKey | undefined)
        : undefined;
  const key = question ?? round.questions[0]?.key;
  return key ? { [blockId(key)]: truncatePlain(message, 150) } : {};
}

/** What replaces the form after saving, or instead of it when the round cannot be answered. */
export function noticeModal(
  locale: Locale,
  titleKey: 'slack.saved' | 'slack.modal_title',
  text: string,
): Record<string, unknown> {
  return {
    type: 'modal',
    title: plain(t(locale, titleKey), LIMITS.modalTitle),
    close: plain(t(locale, 'slack.modal_close'), LIMITS.modalButton),
    blocks: sections(esc(text)),
  };
}
