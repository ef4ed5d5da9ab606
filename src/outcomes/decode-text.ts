/**
 * Turns the bytes of an uploaded text file (CSV now, and any other import) into text, or says
 * plainly why it cannot. Read correctly: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and
 * Windows-1252 (what Excel on a Dutch Windows writes for "CSV (gescheiden door lijstscheidingsteken)";
 * ISO-8859-1 files read the same). Refused with the encoding or file type named: UTF-32,
 * UTF-16 without BOM, other byte-order marks, known binary formats (a workbook, a PDF, an image),
 * and any other file holding NUL bytes or control characters.
 *
 * @example
 * const decoded = decodeText(await readFile('opbrengsten.csv'));
 * if (!decoded.ok) console.error(decoded.code, decoded.params);
 * else parseOutcomesCsv(decoded.text);
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodedText =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; code: 'binary' | 'unsupported_encoding'; params: { kind: string } };

/** Byte-order marks and file signatures, longest first (UTF-32 LE starts like UTF-16 LE). */
const SIGNATURES: { bytes: number[]; kind: string; encoding?: Encoding }[] = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], kind: 'UTF-32 LE' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], kind: 'UTF-32 BE' },
  { bytes: [0xef, 0xbb, 0xbf], kind: 'UTF-8', encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], kind: 'UTF-16 LE', encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], kind: 'UTF-16 BE', encoding: 'utf-16be' },
  { bytes: [0x2b, 0x2f, 0x76], kind: 'UTF-7' },
  { bytes: [0x84, 0x31, 0x95, 0x33], kind: 'GB18030' },
  { bytes: [0xdd, 0x73, 0x66, 0x73], kind: 'UTF-EBCDIC' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'zip (an .xlsx workbook?)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'Office document (an .xls workbook?)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'GIF image' },
  { bytes: [0x1f, 0x8b], kind: 'gzip' },
];

/** Bytes Windows-1252 leaves undefined: a file holding them is in some other encoding. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Windows-1252's characters for 0x80–0x9F (the rest is ISO-8859-1). Decoded by hand: Node 20's
 * TextDecoder('windows-1252') decodes these bytes as ISO-8859-1 control characters, so "€" and
 * the curly quotes Excel writes would be lost.
 */
const HIGH_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Control characters other than tab, line feed, carriage return and form feed: never in a text file. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

export function decodeText(bytes: Uint8Array): DecodedText {
  const signature = SIGNATURES.find((s) => s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b));
  if (signature && !signature.encoding)
    return refuse(
      signature.kind.includes('UTF') || signature.kind === 'GB18030' ? 'unsupported_encoding' : 'binary',
      signature.kind,
    );
  if (signature?.encoding) {
    const text = strict(signature.encoding, bytes.subarray(signature.bytes.length));
    if (text === null)
      return refuse('unsupported_encoding', `${signature.kind} with bytes that are not ${signature.kind}`);
    return checked(text, signature.encoding);
  }
  if (bytes.includes(0)) {
    // Text in UTF-16 without a BOM has a NUL in every other byte; anything else with NULs is binary.
    const evenNuls = bytes.length >= 4 && (bytes[0] === 0 || bytes[1] === 0);
    return evenNuls ? refuse('unsupported_encoding', 'UTF-16 without byte-order mark') : refuse('binary', 'NUL bytes');
  }
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== null) return checked(utf8, 'utf-8');
  if (bytes.some((b) => UNDEFINED_IN_1252.has(b)))
    return refuse('unsupported_encoding', 'not UTF-8, UTF-16 or Windows-1252');
  return checked(decode1252(bytes), 'windows-1252');
}

function decode1252(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte >= 0x80 && byte < 0xa0 ? HIGH_1252[byte - 0x80] : String.fromCharCode(byte);
  return out;
}

function strict(encoding: Encoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function checked(text: string, encoding: Encoding): DecodedText {
  if (text.includes('\u0000')) return refuse('binary', 'NUL characters');
  if (CONTROL.test(text)) return refuse('binary', 'control characters');
  return { ok: true, text, encoding };
}

function refuse(code: 'binary' | 'unsupported_encoding', kind: string): DecodedText {
  return { ok: false, code, params: { kind } };
}
