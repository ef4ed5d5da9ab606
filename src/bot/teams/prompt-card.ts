import { questionText, type OutcomeFigure, type PromptMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { MAX_REPLY_CHARS } from '../../dialogues/limits.js';
import type { QuestionKey } from '../../dialogues/questions.js';
import { formatWhen, questionWording, t } from '../../i18n/index.js';
import {
  MAX_CARD_BYTES,
  bullets,
  card,
  cardBytes,
  plain,
  truncate,
  type Card,
  type CardElement,
} from './adaptive-card.js';
import { outcomeFigureText } from '../outcome-figure-text.js';
import { promptPrivacyNote } from '../summary-text.js';

/** The verbs of the prompt card's actions; the invoke and submit handlers listen for these. */
export const VERB = {
  save: 'vv_answers',
  refresh: 'vv_refresh',
  close: 'vv_close',
  closeConfirmed: 'vv_close_yes',
} as const;
/** Input ids are `q_<question key>`. */
export const INPUT_PREFIX = 'q_';

export interface PromptCardOptions {
  timeZone: string;
  /** How many answers the round has so far, shown to everyone. */
  answerCount: number;
  /** The viewer's own answers (the refreshed, personal view); absent in the card everyone sees. */
  mine?: Partial<Record<QuestionKey, string>>;
  /** Teams user ids whose view refreshes automatically (Teams allows at most 60). */
  refreshUserIds?: readonly string[];
  closed?: boolean;
  /**
   * After a refused save: why, and the texts the person typed. They come back in their fields
   * (also in a closed round, without the save button, so they can be copied), never lost.
   */
  refused?: { reason: string; typed: Partial<Record<QuestionKey, string>> };
}

const MAX_LISTED = 10;

/**
 * The round's prompt as an Adaptive Card 1.5: focus, outcome figures, open actions, one
 * multi-line input per question, and a save button. The button is Action.Execute (Universal
 * Actions: the bot answers with this person's view of the card) with Action.Submit as fallback
 * for clients without it. The `refresh` action lets Teams fetch each person's own view (their
 * answers filled in) when they open the card. Kept under Teams' size limit: optional sections
 * shrink first; an answer too long to fit is never cut silently (its field is left empty with a note).
 */
export function promptCard(message: PromptMessage, locale: Locale, options: PromptCardOptions): Card {
  for (const listed of [MAX_LISTED, 3, 0]) {
    const built = build(message, locale, options, listed, true);
    if (cardBytes(built) <= MAX_CARD_BYTES) return built;
  }
  return build(message, locale, options, 0, false);
}

function build(
  message: PromptMessage,
  locale: Locale,
  options: PromptCardOptions,
  listed: number,
  prefill: boolean,
): Card {
  const title = message.theme
    ? t(locale, 'prompt.title', { theme: message.theme })
    : t(locale, 'prompt.title_plain', { team: message.teamName });
  const body: CardElement[] = [
    plain(truncate(title, 300), { weight: 'Bolder', size: 'Medium' }),
    plain(t(locale, 'prompt.intro', { team: message.teamName })),
  ];
  const refused = options.refused;
  if (refused)
    body.push(
      plain(refused.reason, { color: 'Attention', weight: 'Bolder' }),
      plain(t(locale, 'teams.card_kept'), { isSubtle: true }),
    );
  if (message.outcomes.length > 0 && listed > 0) {
    body.push(
      plain(t(locale, 'prompt.outcomes'), { weight: 'Bolder' }, 'Medium'),
      bullets(message.outcomes.slice(0, listed).map((o) => outcomeLine(o, locale))),
    );
  }
  if (message.openActions.length > 0 && listed > 0) {
    const lines = message.openActions
      .slice(0, listed)
      .map(
        (a) =>
          `#${a.number} ${a.title} (${t(locale, `action_status.${a.status}`)}${a.ownerName ? `, ${a.ownerName}` : ''}${a.dueOn ? `, ${a.dueOn}` : ''})`,
      );
    body.push(plain(t(locale, 'prompt.open_actions'), { weight: 'Bolder' }, 'Medium'), bullets(lines));
  }
  const mine = { ...options.mine, ...refused?.typed };
  const hidden = options.closed && !refused;
  const untouched: QuestionKey[] = [];
  message.questions.forEach((question, index) => {
    const value = mine[question.key] ?? '';
    const fits = prefill || value.length < 1_000;
    if (!fits) untouched.push(question.key);
    body.push({
      type: 'Input.Text',
      id: `${INPUT_PREFIX}${question.key}`,
      label: `${index + 1}. ${truncate(questionText(question, locale, questionWording), 300)}`,
      isMultiline: true,
      maxLength: MAX_REPLY_CHARS,
      ...(fits && value ? { value } : {}),
      ...(hidden ? { isVisible: false } : {}),
    });
  });
  if (untouched.length > 0) body.push(plain(t(locale, 'teams.card_too_long'), { isSubtle: true }));
  const answered = Object.values(mine).filter((text) => text && text.trim() !== '').length;
  const status = options.closed
    ? t(locale, 'teams.card_round_closed')
    : `${t(locale, 'prompt.closes', { when: formatWhen(message.closesAt, locale, options.timeZone) })} ${promptPrivacyNote(locale, message)}`;
  body.push(plain(status, { isSubtle: true }, 'Medium'));
  body.push(
    plain(t(locale, options.closed ? 'prompt.answers_total' : 'prompt.answers_count', { count: options.answerCount }), {
      isSubtle: true,
    }),
  );
  if (options.mine)
    body.push(
      plain(t(locale, 'teams.card_saved_count', { count: answered, total: message.questions.length }), {
        color: 'Good',
      }),
    );
  if (!options.closed)
    body.push(
      plain(`${t(locale, 'prompt.thread_rule')} ${t(locale, 'teams.mention_rule')}`, { isSubtle: true, size: 'Small' }),
    );

  // A field left empty because its answer did not fit must not clear that answer on save.
  const data = { vv: VERB.save, roundId: message.roundId, ...(untouched.length > 0 ? { keep: untouched } : {}) };
  const actions = options.closed
    ? []
    : [
        {
          type: 'Action.Execute',
          title: t(locale, 'teams.card_save'),
          verb: VERB.save,
          data,
          style: 'positive',
          fallback: { type: 'Action.Submit', title: t(locale, 'teams.card_save'), data },
        },
        // A coordinator's early close; the next step asks to confirm (clients without Universal Actions do not show it).
        {
          type: 'Action.Execute',
          title: t(locale, 'prompt.close_button'),
          verb: VERB.close,
          data: { vv: VERB.close, roundId: message.roundId },
        },
      ];
  const refreshUserIds = (options.refreshUserIds ?? []).slice(0, 60);
  return card(body, {
    ...(actions.length > 0 ? { actions } : {}),
    ...(options.closed
      ? {}
      : {
          refresh: {
            action: {
              type: 'Action.Execute',
              verb: VERB.refresh,
              data: { vv: VERB.refresh, roundId: message.roundId },
            },
            ...(refreshUserIds.length > 0 ? { userIds: [...refreshUserIds] } : {}),
          },
        }),
  });
}

function outcomeLine(o: OutcomeFigure, locale: Locale): string {
  return outcomeFigureText(o, locale);
}

/** The answers in a submitted card's data (`q_<key>` fields), for the questions the round asks. */
export function answersFromCard(
  data: Record<string, unknown>,
  keys: readonly QuestionKey[],
): { key: QuestionKey; text: string }[] {
  const keep = Array.isArray(data.keep) ? data.keep : [];
  return keys.flatMap((key) => {
    const value = data[`${INPUT_PREFIX}${key}`];
    if (typeof value !== 'string' || (value.trim() === '' && keep.includes(key))) return [];
    return [{ key, text: value }];
  });
}
