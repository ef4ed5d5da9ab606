import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseOutcomesCsv } from '../../src/outcomes/parse-outcomes-csv.js';
import { uploadText } from '../../src/outcomes/workbook-csv.js';

async function workbook(rows: unknown[][], format?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Blad1');
  for (const row of rows) sheet.addRow(row);
  format?.(sheet);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('outcome figures from an .xlsx workbook', () => {
  it('reads the committed example into the same records as the CSV example', async () => {
    const fromXlsx = await uploadText(readFileSync('examples/outcomes.xlsx'));
    if (!fromXlsx.ok) throw new Error(fromXlsx.error.code);
    expect(fromXlsx.workbook).toBe(true);
    const xlsx = parseOutcomesCsv(fromXlsx.text);
    const csv = parseOutcomesCsv(readFileSync('examples/outcomes.csv', 'utf8'));
    expect(xlsx.errors).toEqual([]);
    expect(xlsx.records).toEqual(csv.records);
    expect(xlsx.records).toHaveLength(14);
  });

  it('keeps sheet rows as line numbers (empty rows and line breaks included), shows formulas by result and percentages as numbers', async () => {
    const bytes = await workbook(
      [
        ['metric', 'school', 'period', 'value', 'name'],
        ['lezen', 'De Linde', '2025-2026', 0.915, 'Lezen, "1F"\nniveau'],
        [],
        ['lezen', 'De Linde', '2026-2027', { formula: '90+2', result: 92 }, ''],
        ['lezen', 'De Linde', '2027-2028', 'acht', ''],
      ],
      (sheet) => void (sheet.getCell('D2').numFmt = '0.0%'),
    );
    const upload = await uploadText(bytes);
    if (!upload.ok) throw new Error(upload.error.code);
    const parsed = parseOutcomesCsv(upload.text);
    expect(parsed.records.map((r) => [r.line, r.cells.value, r.cells.name])).toEqual([
      [2, '91.5', 'Lezen, "1F" niveau'],
      [4, '92', ''],
      [5, 'acht', ''],
    ]);
  });

  it('refuses a damaged workbook with a clear error, and leaves CSV bytes to the CSV decoder', async () => {
    const good = await workbook([['metric'], ['x']]);
    const broken = good.slice(0, 200);
    expect(await uploadText(broken)).toMatchObject({ ok: false, error: { line: 1, code: 'bad_workbook' } });
    expect(
      await uploadText(new TextEncoder().encode('metric;school;period;value\nlezen;De Linde;2025;8,5\n')),
    ).toMatchObject({ ok: true, workbook: false });
  });
});
