import type { DialogueDeps } from '../dialogues/deps.js';
import { importOutcomeRecords, type ImportFailure, type ImportResult, type OutcomeActor } from '../dialogues/outcomes/import-records.js';
import type { ImportError } from '../dialogues/outcomes/model.js';
import type { Locale } from '../dialogues/model.js';
import { t } from '../i18n/index.js';
import { parseOutcomesCsv } from './parse-outcomes-csv.js';

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
export async function importOutcomes(deps: DialogueDeps, organisationId: string, csvText: string, actor: OutcomeActor, options: ImportOptions = {}): Promise<ImportResult> {
  const parsed = parseOutcomesCsv(csvText);
  if (parsed.fatal) return { ok: false, code: 'outcomes.invalid', errors: parsed.errors };
  // Lines the parser could not split into cells are reported together with the other lines' problems.
  return importOutcomeRecords(deps, organisationId, parsed.records, actor, options.source ?? 'csv', parsed.errors);
}

/** One translated line per error: "Regel 3 (value): "8x" is geen getal." */
export function describeImportErrors(failure: ImportFailure, locale: Locale): string[] {
  return failure.errors.map((error) => describeImportError(error, locale));
}

export function describeImportError(error: ImportError, locale: Locale): string {
  const where = t(locale, error.column === null ? 'outcomes.line' : 'outcomes.line_column', { line: error.line, column: error.column ?? '' });
  return `${where}: ${t(locale, `outcomes.error.${error.code}` as 'outcomes.error.syntax', error.params)}`;
}
