import type { School, Team } from '../model.js';
import type { Column, OutcomeRecord } from './columns.js';
import type { ImportError, Metric, OutcomeRow, OutcomeSubject } from './model.js';
import { subjectKey } from './model.js';

export const MAX_IMPORT_ROWS = 10_000;
const KEY = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** A plain figure (`88`, `88.5`, `88,5`), or one with thousands separators (`1.234,5`, `1,234.5`). */
const NUMBER = /^-?\d{1,12}(?:[.,]\d{1,6})?$/;
const DUTCH_THOUSANDS = /^-?\d{1,3}(?:\.\d{3})+(?:,\d{1,6})?$/;
const ENGLISH_THOUSANDS = /^-?\d{1,3}(?:,\d{3})+\.\d{1,6}$/;
/** Figures beyond this are typing errors, not measurements (and stay exact in a double). */
export const MAX_FIGURE = 1e9;
export const MAX_GROUP_SIZE = 10_000_000;
const TRUE = new Set(['ja', 'j', 'yes', 'y', 'true', '1', 'waar']);
const FALSE = new Set(['nee', 'n', 'no', 'false', '0', 'onwaar']);
const HIGHER = new Set(['higher', 'hoger', 'up', 'hoog']);
const LOWER = new Set(['lower', 'lager', 'down', 'laag']);

export interface ValidationContext {
  schools: readonly School[];
  teams: readonly Team[];
  metrics: readonly Metric[];
  /** Whether the one importing may set figures for this subject. */
  allowed(subject: OutcomeSubject, schoolId: string): boolean;
  /**
   * Whether the one importing may create or redefine metrics (name, unit, direction, target,
   * triggers round). Metrics are organisation-wide, so only an organisation coordinator (or the
   * operator) may; a school or team coordinator imports figures for metrics as they are.
   */
  mayDefineMetrics: boolean;
}

/**
 * Checks every record and returns the rows to write, or every problem found: an import with any
 * error writes nothing, so the whole file is checked before anything else happens.
 */
export function validateRecords(
  records: readonly OutcomeRecord[],
  ctx: ValidationContext,
): { rows: OutcomeRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const rows: OutcomeRow[] = [];
  if (records.length > MAX_IMPORT_ROWS)
    return { rows, errors: [{ line: 1, column: null, code: 'too_many_rows', params: { max: MAX_IMPORT_ROWS } }] };
  const seen = new Map<string, number>();
  const definitions = new Map<string, { line: number; fields: Partial<Record<Column, string>> }>();

  for (const record of records) {
    const problems: ImportError[] = [];
    const problem = (column: Column | null, code: string, params: Record<string, string | number> = {}) =>
      problems.push({ line: record.line, column, code, params });
    const cell = (column: Column): string => (record.cells[column] ?? '').trim();
    const required = (column: Column): string => {
      const value = cell(column);
      if (value === '') problem(column, 'required');
      return value;
    };
    const number = (column: Column, value: string): number | null => {
      const parsed = parseFigure(value);
      if (parsed === null) problem(column, 'bad_number', { value: value.slice(0, 40) });
      else if (Math.abs(parsed) > MAX_FIGURE) {
        problem(column, 'out_of_range', { value: value.slice(0, 40), min: -MAX_FIGURE, max: MAX_FIGURE });
        return null;
      }
      return parsed;
    };

    const metricKey = required('metric').toLowerCase();
    if (metricKey !== '' && !KEY.test(metricKey)) problem('metric', 'bad_key', { value: metricKey.slice(0, 40) });
    const period = required('period');
    if (period.length > 32) problem('period', 'too_long', { max: 32 });
    const rawValue = required('value');
    const value = rawValue === '' ? null : number('value', rawValue);
    const target = cell('target') === '' ? null : number('target', cell('target'));
    let groupSize: number | null = null;
    if (cell('group_size') !== '') {
      groupSize = /^\d{1,8}$/.test(cell('group_size')) ? Number(cell('group_size')) : null;
      if (groupSize === null) problem('group_size', 'bad_integer', { value: cell('group_size').slice(0, 40) });
      else if (groupSize < 1 || groupSize > MAX_GROUP_SIZE) {
        problem('group_size', 'out_of_range', { value: groupSize, min: 1, max: MAX_GROUP_SIZE });
        groupSize = null;
      }
    }
    const subject = findSubject(required('school'), cell('team'), ctx, problem);

    const definition = metricDefinition(cell, problem, number);
    if (!ctx.mayDefineMetrics && metricKey !== '')
      refuseRedefinition(
        metricKey,
        definition,
        ctx.metrics.find((m) => m.key === metricKey),
        problem,
      );
    // A percentage lies between 0 and 100: by this line's unit, an earlier line's, or the stored metric's.
    const unit =
      definition.values.unit ??
      definitions.get(metricKey)?.fields.unit ??
      ctx.metrics.find((m) => m.key === metricKey)?.unit ??
      null;
    const percent = unit?.trim() === '%' || /%\s*$/.test(rawValue);
    if (percent) {
      const figures: [Column, number | null][] = [
        ['value', value],
        ['target', target],
        ['metric_target', definition.values.metricTarget],
      ];
      for (const [column, figure] of figures) {
        if (figure !== null && (figure < 0 || figure > 100))
          problem(column, 'out_of_range', { value: figure, min: 0, max: 100 });
      }
    }
    if (metricKey !== '' && KEY.test(metricKey)) {
      const earlier = definitions.get(metricKey);
      if (earlier === undefined) definitions.set(metricKey, { line: record.line, fields: definition.fields });
      else {
        for (const [column, given] of Object.entries(definition.fields) as [Column, string][]) {
          const before = earlier.fields[column];
          if (before === undefined) earlier.fields[column] = given;
          else if (before.toLowerCase() !== given.toLowerCase())
            problem(column, 'conflicting_metric', { metric: metricKey, first: earlier.line });
        }
      }
      const known = ctx.metrics.some((m) => m.key === metricKey);
      if (!known && definitions.get(metricKey)?.fields.name === undefined)
        problem('name', 'unknown_metric', { metric: metricKey });
    }

    if (subject !== null && metricKey !== '' && period !== '') {
      const key = JSON.stringify([metricKey, subjectKey(subject.subject), period]);
      const first = seen.get(key);
      if (first !== undefined) problem(null, 'duplicate_row', { first });
      else seen.set(key, record.line);
    }

    if (problems.length > 0 || subject === null || value === null) {
      errors.push(...problems);
      continue;
    }
    rows.push({
      line: record.line,
      metricKey,
      metricName: definition.values.name,
      unit: definition.values.unit,
      higherIsBetter: definition.values.higherIsBetter,
      metricTarget: definition.values.metricTarget,
      triggersRound: definition.values.triggersRound,
      subject: subject.subject,
      period,
      value,
      target,
      groupSize,
    });
  }
  return { rows, errors };
}

/** A figure as a spreadsheet writes it, or null: at most 12 digits before and 6 after the decimal sign. */
export function parseFigure(text: string): number | null {
  const bare = text.trim().replace(/\s*%$/, '');
  let normal: string;
  if (NUMBER.test(bare)) normal = bare.replace(',', '.');
  else if (DUTCH_THOUSANDS.test(bare)) normal = bare.replaceAll('.', '').replace(',', '.');
  else if (ENGLISH_THOUSANDS.test(bare)) normal = bare.replaceAll(',', '');
  else return null;
  const value = Number(normal);
  return Number.isFinite(value) ? value : null;
}

type Problem = (column: Column | null, code: string, params?: Record<string, string | number>) => void;

function findSubject(
  schoolRef: string,
  teamRef: string,
  ctx: ValidationContext,
  problem: Problem,
): { subject: OutcomeSubject } | null {
  if (schoolRef === '') return null;
  const schools = ctx.schools.filter((s) => s.id === schoolRef || s.name.toLowerCase() === schoolRef.toLowerCase());
  if (schools.length !== 1 || schools[0] === undefined) {
    problem('school', schools.length === 0 ? 'unknown_school' : 'ambiguous_school', { school: schoolRef.slice(0, 80) });
    return null;
  }
  const school = schools[0];
  let subject: OutcomeSubject = { kind: 'school', schoolId: school.id };
  let subjectName = school.name;
  if (teamRef !== '') {
    const team = ctx.teams.find(
      (t) => t.schoolId === school.id && (t.id === teamRef || t.name.toLowerCase() === teamRef.toLowerCase()),
    );
    if (team === undefined) {
      problem('team', 'unknown_team', { team: teamRef.slice(0, 80), school: school.name });
      return null;
    }
    subject = { kind: 'team', teamId: team.id };
    subjectName = team.name;
  }
  if (!ctx.allowed(subject, school.id)) {
    problem(teamRef === '' ? 'school' : 'team', 'not_allowed', { subject: subjectName });
    return null;
  }
  return { subject };
}

/**
 * A coordinator without organisation scope may repeat a metric's definition as it stands (a file
 * exported and imported again) but not change it or create a metric: each differing column is
 * refused on its line.
 */
function refuseRedefinition(
  metricKey: string,
  definition: Definition,
  existing: Metric | undefined,
  problem: Problem,
): void {
  const { values } = definition;
  const same: Record<'name' | 'unit' | 'direction' | 'metric_target' | 'triggers_round', boolean> = {
    name: values.name === null || values.name === existing?.name,
    unit: values.unit === null || values.unit === existing?.unit,
    direction: values.higherIsBetter === null || values.higherIsBetter === existing?.higherIsBetter,
    metric_target: values.metricTarget === null || values.metricTarget === existing?.target,
    triggers_round: values.triggersRound === null || values.triggersRound === existing?.triggersRound,
  };
  for (const [column, unchanged] of Object.entries(same) as [Column, boolean][]) {
    if (unchanged || definition.fields[column] === undefined) continue;
    problem(column, existing === undefined ? 'metric_create_not_allowed' : 'metric_redefine_not_allowed', {
      metric: metricKey,
    });
  }
}

interface Definition {
  /** The metric columns this line fills in, as written (to spot conflicting lines). */
  fields: Partial<Record<Column, string>>;
  values: {
    name: string | null;
    unit: string | null;
    higherIsBetter: boolean | null;
    metricTarget: number | null;
    triggersRound: boolean | null;
  };
}

function metricDefinition(
  cell: (column: Column) => string,
  problem: Problem,
  number: (column: Column, value: string) => number | null,
): Definition {
  const fields: Partial<Record<Column, string>> = {};
  for (const column of ['name', 'unit', 'direction', 'metric_target', 'triggers_round'] as const) {
    if (cell(column) !== '') fields[column] = cell(column);
  }
  const name = fields.name ?? null;
  if (name !== null && name.length > 120) problem('name', 'too_long', { max: 120 });
  const unit = fields.unit ?? null;
  if (unit !== null && unit.length > 16) problem('unit', 'too_long', { max: 16 });
  let higherIsBetter: boolean | null = null;
  if (fields.direction !== undefined) {
    const word = fields.direction.toLowerCase();
    higherIsBetter = HIGHER.has(word) ? true : LOWER.has(word) ? false : null;
    if (higherIsBetter === null) problem('direction', 'bad_direction', { value: fields.direction.slice(0, 40) });
  }
  let triggersRound: boolean | null = null;
  if (fields.triggers_round !== undefined) {
    const word = fields.triggers_round.toLowerCase();
    triggersRound = TRUE.has(word) ? true : FALSE.has(word) ? false : null;
    if (triggersRound === null) problem('triggers_round', 'bad_boolean', { value: fields.triggers_round.slice(0, 40) });
  }
  const metricTarget = fields.metric_target === undefined ? null : number('metric_target', fields.metric_target);
  return { fields, values: { name, unit, higherIsBetter, metricTarget, triggersRound } };
}
