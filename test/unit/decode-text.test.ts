import { describe, expect, it } from 'vitest';
import { parseFigure } from '../../src/dialogues/outcomes/validate-records.js';
import { decodeText } from '../../src/outcomes/decode-text.js';

const TEXT = 'metriek;school;waarde\r\nverzuim;Sint-Jozef én De Brug;4,5 €\r\n';

function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  if (order === 'be') le.swap16();
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]);
}

/** Windows-1252 bytes, as Excel on a Dutch Windows saves "CSV (gescheiden door lijstscheidingsteken)". */
function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
}

describe('decodeText: the bytes of an uploaded text file', () => {
  it('reads UTF-8 with and without BOM, UTF-16 LE and BE with BOM, and Windows-1252', () => {
    const cases: [Uint8Array, string][] = [
      [Buffer.from(TEXT, 'utf8'), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8'],
      [utf16(TEXT, 'le'), 'utf-16le'],
      [utf16(TEXT, 'be'), 'utf-16be'],
      [cp1252(TEXT), 'windows-1252'],
    ];
    for (const [bytes, encoding] of cases) expect(decodeText(bytes)).toEqual({ ok: true, text: TEXT, encoding });
  });

  it('refuses binary files and other encodings, naming what it found', () => {
    const refused: [Uint8Array, string, string][] = [
      [Buffer.from('PK\u0003\u0004 rest of a workbook', 'latin1'), 'binary', 'zip (an .xlsx workbook?)'],
      [Buffer.from('%PDF-1.7', 'latin1'), 'binary', 'PDF'],
      [Buffer.from([0x6d, 0x65, 0x00, 0x74]), 'binary', 'NUL bytes'],
      [Buffer.from('metric\u0001,school', 'utf8'), 'binary', 'control characters'],
      [
        Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('m\u0000\u0000\u0000', 'latin1')]),
        'unsupported_encoding',
        'UTF-32 LE',
      ],
      [Buffer.from('metric', 'utf16le'), 'unsupported_encoding', 'UTF-16 without byte-order mark'],
      [Buffer.from([0x6d, 0x81, 0x8d, 0x65]), 'unsupported_encoding', 'not UTF-8, UTF-16 or Windows-1252'],
      [Buffer.from('+/v8-metric', 'latin1'), 'unsupported_encoding', 'UTF-7'],
    ];
    for (const [bytes, code, kind] of refused) expect(decodeText(bytes)).toEqual({ ok: false, code, params: { kind } });
  });
});

describe('parseFigure: figures as spreadsheets write them', () => {
  it('reads plain, decimal-comma, percent and thousands-separated figures', () => {
    expect(['88', '88.5', '88,5', '88 %', '-3', '1.234,5', '1,234.5', '1.234.567'].map(parseFigure)).toEqual([
      88, 88.5, 88.5, 88, -3, 1234.5, 1234.5, 1234567,
    ]);
  });

  it('refuses what is not a finite figure of reasonable length', () => {
    for (const text of ['9'.repeat(400), '1e400', 'Infinity', 'NaN', '0x10', '1,2,3', '', '12.', '.5', '1.2345678'])
      expect(parseFigure(text), text).toBeNull();
  });
});
