import type { OutgoingMessage } from '../messages.js';

/**
 * Below this length a reply ("Ja", "Goed zo") is only recognised when a string is exactly it;
 * searching for it inside other strings would blank unrelated text.
 */
const MIN_QUOTED_CHARS = 12;
const ELLIPSIS = /(?:…|\.\.\.)$/;
/** Fields that hold codes, ids and dates, never words: left alone so the message stays renderable. */
const STRUCTURAL = new Set([
  'kind',
  'code',
  'id',
  'roundId',
  'key',
  'status',
  'aspect',
  'closesAt',
  'dueOn',
  'metricKey',
  'unit',
  'period',
  'week',
]);

/** What may betray an erased person inside a stored message: their name and their words. */
export interface PersonTraces {
  /** Display name and e-mail: recognised as whole values (an owner's name on an action line). */
  identifiers: readonly string[];
  /** The texts of their replies: recognised whole, quoted, or as a shortened excerpt ("Eerst…"). */
  texts: readonly string[];
}

/**
 * What to search the stored messages for. Excerpts and action titles start with a reply's first
 * characters, so a short prefix of each text finds them; `scrubMessage` then decides precisely.
 */
export function searchNeedles(traces: PersonTraces): string[] {
  const prefixes = traces.texts.map((t) => t.trim().slice(0, MIN_QUOTED_CHARS));
  return [...new Set([...traces.identifiers, ...prefixes].map((n) => n.trim()).filter((n) => n !== ''))];
}

/**
 * A copy of `message` without the person's name or words, or null when it held neither.
 * Today only prompts carry a name (an open action's owner) and no message quotes answers
 * (summaries hold counts), but digests are built elsewhere and may quote: every string value
 * is checked, so a message kind added later is covered without touching this.
 * An owner name becomes null (the field allows it); any other matching string becomes ''.
 */
export function scrubMessage(message: OutgoingMessage, traces: PersonTraces): OutgoingMessage | null {
  const identifiers = new Set(traces.identifiers.map((i) => i.trim()).filter((i) => i !== ''));
  const texts = traces.texts.map((t) => t.trim()).filter((t) => t !== '');
  let changed = false;

  const betrays = (value: string): boolean => {
    const v = value.trim();
    if (v === '') return false;
    if (identifiers.has(v)) return true;
    const core = v.replace(ELLIPSIS, '').trimEnd();
    return texts.some(
      (t) =>
        v === t ||
        (t.length >= MIN_QUOTED_CHARS && v.includes(t)) ||
        (core !== v && core.length >= MIN_QUOTED_CHARS && t.startsWith(core)),
    );
  };

  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') {
      if ((key !== null && STRUCTURAL.has(key)) || !betrays(value)) return value;
      changed = true;
      return key === 'ownerName' ? null : '';
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, null));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };

  const scrubbed = walk(message, null) as OutgoingMessage;
  return changed ? scrubbed : null;
}
