import { CsvError, parse } from 'csv-parse/sync';
import { columnOf, REQUIRED_COLUMNS, type Column, type OutcomeRecord } from '../dialogues/outcomes/columns.js';
import type { ImportError } from '../dialogues/outcomes/model.js';

/** The largest file read; a board's yearly figures are a few hundred kilobytes at most. */
export const MAX_CSV_BYTES = 2_000_000;

/**
 * Reads an outcome CSV into records keyed by canonical column. The delimiter is `,` or `;`
 * (Dutch spreadsheets save with `;`, which leaves the comma free for decimals), taken from the
 * header line. Line numbers are those a spreadsheet or editor shows: the header is line 1.
 */
export interface ParsedCsv {
  records: OutcomeRecord[];
  errors: ImportError[];
  /** The file could not be read as a whole (broken quoting, no header): `records` is empty. */
  fatal: boolean;
  /** Required columns the header lacks; their cells are reported once, on the header line. */
  missing: Column[];
}

export function parseOutcomesCsv(text: string): ParsedCsv {
  if (Buffer.byteLength(text, 'utf8') > MAX_CSV_BYTES)
    return failed({ line: 1, column: null, code: 'too_large', params: { max: MAX_CSV_BYTES } });
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError)
      return failed({
        line: (error as CsvError & { lines?: number }).lines ?? 1,
        column: null,
        code: 'syntax',
        params: { detail: error.message.slice(0, 200) },
      });
    throw error;
  }
  const [header, ...body] = parsed;
  if (header === undefined) return failed({ line: 1, column: null, code: 'empty_file', params: {} });

  const errors: ImportError[] = [];
  const columns: (Column | null)[] = header.record.map((name) => columnOf(name));
  header.record.forEach((name, index) => {
    const column = columns[index] ?? null;
    if (column === null)
      errors.push({ line: 1, column: null, code: 'unknown_column', params: { column: name.slice(0, 40) } });
    else if (columns.indexOf(column) !== index)
      errors.push({ line: 1, column, code: 'duplicate_column', params: { column: name.slice(0, 40) } });
  });
  const missing = REQUIRED_COLUMNS.filter((required) => !columns.includes(required));
  for (const column of missing) errors.push({ line: 1, column, code: 'missing_column', params: { column } });
  // A header error does not stop the reading: the lines' own problems are listed with it, so one
  // round of corrections fixes the file. Unknown and repeated columns are left out of the cells.
  const usable = columns.map((column, index) => (column !== null && columns.indexOf(column) === index ? column : null));

  const records: OutcomeRecord[] = [];
  for (const { record, info } of body) {
    // csv-parse reports the line a record ends on; a quoted cell may span lines.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== columns.length) {
      errors.push({
        line,
        column: null,
        code: 'cell_count',
        params: { found: record.length, expected: columns.length },
      });
      continue;
    }
    const cells: Partial<Record<Column, string>> = {};
    record.forEach((value, index) => {
      const column = usable[index];
      if (column) cells[column] = value;
    });
    records.push({ line, cells });
  }
  return { records, errors, fatal: false, missing };
}

function failed(error: ImportError): ParsedCsv {
  return { records: [], errors: [error], fatal: true, missing: [] };
}
