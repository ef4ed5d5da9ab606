/**
 * Escaping for Slack mrkdwn. Slack reads control sequences only inside `<…>` (`<!channel>`,
 * `<@U123>`, `<https://evil|harmless label>`), so turning `&`, `<` and `>` into entities makes
 * every one of them plain text. Bare `@channel` / `@here` / `@everyone` are not mentions in API
 * posts, but they would become ones if a post ever set `link_names`; a zero-width joiner after
 * the `@` keeps them inert either way while reading the same. Bidi override characters are
 * removed, so an answer cannot reverse the text around it.
 *
 * @example
 * escapeMrkdwn('<!channel> kijk <https://evil.example|hier>') // '&lt;!channel&gt; kijk &lt;https://evil.example|hier&gt;'
 */
export function escapeMrkdwn(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1')
      // Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069) would let an
      // answer flip how the rest of the line reads ("rapport‮fdp.exe"); dropped, text stays readable.
      .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
  );
}

export const ELLIPSIS = '…';

/**
 * Cuts escaped mrkdwn to at most `max` characters, ending in a visible "…". Never cuts inside an
 * entity (`&amp;`), which would leave a stray `&` for Slack to misread.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}${ELLIPSIS}`;
}

/** Cuts plain text (header, modal title, button label) to `max` characters with a visible "…". */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Do not leave half of a surrogate pair (an emoji) behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/**
 * Splits escaped mrkdwn into pieces of at most `max` characters, preferring line breaks, then
 * spaces, and never splitting an entity. Used to keep each section under Slack's 3,000.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = rest.lastIndexOf(' ', max);
    if (at < max / 2) at = max;
    const amp = rest.lastIndexOf('&', at);
    if (amp >= 0 && amp > at - 8 && !rest.slice(amp, at).includes(';')) at = amp;
    if (at <= 0) at = max;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}
