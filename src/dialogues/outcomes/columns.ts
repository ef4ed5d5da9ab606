/**
 * The CSV column layout of an outcome import. Headers are case-insensitive; Dutch names are
 * accepted as well. Only `metric`, `school`, `period` and `value` are required.
 */
export const COLUMNS = [
  'metric',
  'school',
  'team',
  'period',
  'value',
  'target',
  'group_size',
  'name',
  'unit',
  'direction',
  'metric_target',
  'triggers_round',
] as const;

export type Column = (typeof COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly Column[] = ['metric', 'school', 'period', 'value'];

const ALIASES: Record<string, Column> = {
  metriek: 'metric',
  indicator: 'metric',
  groep: 'team',
  periode: 'period',
  waarde: 'value',
  doel: 'target',
  norm: 'target',
  aantal: 'group_size',
  groepsgrootte: 'group_size',
  naam: 'name',
  eenheid: 'unit',
  richting: 'direction',
  metriek_doel: 'metric_target',
  start_ronde: 'triggers_round',
};

/** The canonical column a header names, or null. */
export function columnOf(header: string): Column | null {
  const name = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((COLUMNS as readonly string[]).includes(name)) return name as Column;
  return ALIASES[name] ?? null;
}

/** One data line of an import file: its 1-based line number and its cells by canonical column. */
export interface OutcomeRecord {
  line: number;
  cells: Partial<Record<Column, string>>;
}
