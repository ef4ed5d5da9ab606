/**
 * Small builders for Adaptive Cards 1.5, free of botbuilder (the digest card and tests use them
 * too). Text that may carry words people typed (answers, themes, team names, action titles) goes
 * into a RichTextBlock of TextRuns: a TextRun is never parsed as markdown, so `[x](http://…)`
 * stays visible text and cannot become a link, and nothing in a card can become a mention
 * (Teams only mentions what `msteams.entities` declares, and the bot declares none).
 */
export type CardElement = Record<string, unknown>;
export type Card = Record<string, unknown> & { body: CardElement[] };

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams refuses messages above about 28 KB; cards are kept under this, leaving room for the envelope. */
export const MAX_CARD_BYTES = 26_000;

export interface RunStyle {
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  isSubtle?: boolean;
  italic?: boolean;
  color?: 'Good' | 'Warning' | 'Attention' | 'Accent';
}

/** One paragraph of plain text (no markdown), optionally styled. */
export function plain(text: string, style: RunStyle = {}, spacing?: 'Medium' | 'Large'): CardElement {
  return {
    type: 'RichTextBlock',
    ...(spacing ? { spacing } : {}),
    inlines: [{ type: 'TextRun', text: cleanText(text), ...style }],
  };
}

/** A bulleted list of plain lines. */
export function bullets(lines: readonly string[], style: RunStyle = {}): CardElement {
  return plain(lines.map((line) => `• ${line}`).join('\n'), style);
}

export function card(body: CardElement[], extra: Record<string, unknown> = {}): Card {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    ...extra,
    body,
  };
}

export function attachment(content: Card): { contentType: string; content: Card } {
  return { contentType: CARD_CONTENT_TYPE, content };
}

/** UTF-8 size of a card as Teams receives it. */
export function cardBytes(content: unknown): number {
  return Buffer.byteLength(JSON.stringify(content), 'utf8');
}

/**
 * Text for a TextRun: control characters out (they would break a client's layout), and bare
 * `@channel`-style words defused with a word joiner, as the Slack renderer does.
 */
export function cleanText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/@(channel|here|everyone|team)\b/gi, '@\u2060$1')
  );
}

/**
 * Text for places Teams reads as markdown/HTML (the activity's `text`, shown in notifications):
 * HTML-significant characters become entities, so `<at>` and `<a href>` are inert, and markdown
 * link syntax `[label](url)` is broken with a zero-width space, so no label can disguise a link.
 * Emphasis characters are left alone: bold text harms nobody, and `_` is common in URLs and tokens.
 */
export function escapeTeamsText(text: string): string {
  return cleanText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\]\(/g, ']\u200B(');
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
