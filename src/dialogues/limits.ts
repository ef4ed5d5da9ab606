/** The longest answer kept. Longer text is refused whole, so nothing is silently cut. */
export const MAX_REPLY_CHARS = 4000;
/** The longest theme or action title. */
export const MAX_TITLE_CHARS = 200;
/** Defaults for an ad-hoc round without a template. */
export const AD_HOC_WINDOW_HOURS = 48;
export const AD_HOC_REMIND_AFTER_HOURS = 24;
/**
 * A thread summary shows each answer up to this many characters and at most this many answers
 * per question, so it fits Slack's sections (3,000 characters, 50 blocks) and Teams' 28 KB card;
 * the dashboard link leads to the full text.
 */
export const SUMMARY_EXCERPT_CHARS = 300;
export const SUMMARY_ANSWERS_PER_QUESTION = 5;
export const DEFAULT_MIN_GROUP_SIZE = 3;

/** How many views one outside reviewer's link may add to its round; more is abuse of a leaked link. */
export const MAX_GUEST_VIEWS = 10;
