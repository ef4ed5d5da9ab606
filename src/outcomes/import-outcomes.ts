import type { DialogueDeps } from '../dialogues/deps.js';
import {
  importOutcomeRecords,
  type ImportFailure,
  type ImportResult,
  type OutcomeActor,
} from '../dialogues/outcomes/import-records.js';
import type { ImportError } from '../dialogues/outcomes/model.js';
import type { Locale } from '../dialogues/model.js';
import { t } from '../i18n/index.js';
import { decodeText } from './decode-text.js';
import { MAX_CSV_BYTES, parseOutcomesCsv } from './parse-outcomes-csv.js';

export type { ImportResult, OutcomeActor } from '../dialogues/outcomes/import-records.js';

export interface ImportOptions {
  /** Shown as the snapshots' source: the file name, or `dashboard`. */
  source?: string;
}

/**
 * Imports an outcome CSV (layout: see README, "Outcome figures") all or nothing. The CLI, the
 * dashboard upload and tests call this one function.
 *
 * @example
 * const result = await importOutcomes(deps, organisationId, csvText, { personId }, { source: 'csv:opbrengsten.csv' });
 * if (result.ok) console.log(`${result.value.created} new, ${result.value.updated} updated`);
 * else for (const line of describeImportErrors(result, 'nl')) console.error(line);
 */
export async function importOutcomes(
  deps: DialogueDeps,
  organisationId: string,
  csv: string | Uint8Array,
  actor: OutcomeActor,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const text = typeof csv === 'string' ? { ok: true as const, text: csv } : decodeCsvBytes(csv);
  if (!text.ok) return { ok: false, code: 'outcomes.invalid', errors: [text.error] };
  const parsed = parseOutcomesCsv(text.text);
  if (parsed.fatal) return { ok: false, code: 'outcomes.invalid', errors: parsed.errors };
  // Header problems and lines the parser could not split are reported together with the other
  // lines' problems; a missing required column is said once, on the header, not on every line.
  const result = await importOutcomeRecords(
    deps,
    organisationId,
    parsed.records,
    actor,
    options.source ?? 'csv',
    parsed.errors,
  );
  if (result.ok || parsed.missing.length === 0) return result;
  const missing = new Set<string | null>(parsed.missing);
  return { ...result, errors: result.errors.filter((e) => !(e.code === 'required' && missing.has(e.column))) };
}

/** The bytes of an upload as text: size first, then the encoding (see decode-text). */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: ImportError } {
  if (bytes.byteLength > MAX_CSV_BYTES)
    return { ok: false, error: { line: 1, column: null, code: 'too_large', params: { max: MAX_CSV_BYTES } } };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, error: { line: 1, column: null, code: decoded.code, params: decoded.params } };
  return { ok: true, text: decoded.text };
}

/** One translated line per error: "Regel 3 (value): "8x" is geen getal." */
export function describeImportErrors(failure: ImportFailure, locale: Locale): string[] {
  return failure.errors.map((error) => describeImportError(error, locale));
}

export function describeImportError(error: ImportError, locale: Locale): string {
  const where = t(locale, error.column === null ? 'outcomes.line' : 'outcomes.line_column', {
    line: error.line,
    column: error.column ?? '',
  });
  return `${where}: ${t(locale, `outcomes.error.${error.code}` as 'outcomes.error.syntax', error.params)}`;
}
