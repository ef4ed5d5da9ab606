/** The longest answer kept. Longer text is refused whole, so nothing is silently cut. */
export const MAX_REPLY_CHARS = 4000;
/** The longest theme or action title. */
export const MAX_TITLE_CHARS = 200;
/** Defaults for an ad-hoc round without a template. */
export const AD_HOC_WINDOW_HOURS = 48;
export const AD_HOC_REMIND_AFTER_HOURS = 24;
