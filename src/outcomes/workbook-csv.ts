import type { ImportError } from '../dialogues/outcomes/model.js';
import { decodeCsvBytes } from './import-outcomes.js';
import { MAX_CSV_BYTES } from './parse-outcomes-csv.js';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The same limit as a CSV: zipped, a workbook holds more rows in it than the CSV would. */
export const MAX_XLSX_BYTES = MAX_CSV_BYTES;

export function isWorkbook(bytes: Uint8Array): boolean {
  return ZIP.every((b, i) => bytes[i] === b);
}

/**
 * An uploaded file as CSV text for the one outcome parser: an `.xlsx` workbook (its first sheet)
 * is turned into CSV row for row, so sheet row N is CSV line N and every error names the row a
 * spreadsheet shows; anything else is decoded as CSV text (UTF-8, UTF-16, Windows-1252).
 * exceljs is loaded only when a workbook arrives.
 */
export async function uploadText(
  bytes: Uint8Array,
): Promise<{ ok: true; text: string; workbook: boolean } | { ok: false; error: ImportError }> {
  if (!isWorkbook(bytes)) {
    const text = decodeCsvBytes(bytes);
    return text.ok ? { ...text, workbook: false } : text;
  }
  if (bytes.byteLength > MAX_XLSX_BYTES)
    return { ok: false, error: { line: 1, column: null, code: 'too_large', params: { max: MAX_XLSX_BYTES } } };
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    return {
      ok: false,
      error: {
        line: 1,
        column: null,
        code: 'bad_workbook',
        params: { detail: (error as Error).message.slice(0, 120) },
      },
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0)
    return { ok: false, error: { line: 1, column: null, code: 'empty_file', params: {} } };
  const width = sheet.getRow(1).cellCount;
  const lines: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells = Array.from({ length: Math.max(width, row.cellCount) }, (_, c) => cellText(row.getCell(c + 1)));
    while (cells.length > width && cells.at(-1) === '') cells.pop();
    lines.push(cells.every((c) => c === '') ? '' : cells.map(quote).join(','));
  }
  const text = `${lines.join('\n')}\n`;
  if (Buffer.byteLength(text) > MAX_CSV_BYTES)
    return { ok: false, error: { line: 1, column: null, code: 'too_large', params: { max: MAX_CSV_BYTES } } };
  return { ok: true, text, workbook: true };
}

interface CellLike {
  value: unknown;
  numFmt?: string;
  text?: string;
}

/** What a person sees in the cell: formulas by their result, percentages formatted as such (0.88 → 88). */
function cellText(cell: CellLike): string {
  let value = cell.value;
  if (value !== null && typeof value === 'object' && 'result' in value) value = (value as { result: unknown }).result;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    const shown = cell.numFmt?.includes('%') ? Math.round(value * 100 * 1e6) / 1e6 : value;
    return String(shown);
  }
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value)
    return (value as { richText: { text: string }[] }).richText.map((p) => p.text).join('');
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  if (typeof value === 'object' && 'error' in value) return String((value as { error: unknown }).error);
  return String(value);
}

/** CSV quoting; a line break inside a cell becomes a space, so row numbers stay line numbers. */
function quote(cell: string): string {
  const flat = cell.replace(/\r?\n/g, ' ');
  return /[",]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}
