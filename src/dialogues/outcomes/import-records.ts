import { holds, NEEDS } from '../access.js';
import type { DialogueDeps } from '../deps.js';
import type { RoleGrant } from '../model.js';
import type { Ok } from '../result.js';
import { ok } from '../result.js';
import type { OutcomeRecord } from './columns.js';
import type { ImportError, ImportSummary, Metric, OutcomeRow } from './model.js';
import { triggerRounds } from './trigger-rounds.js';
import { validateRecords } from './validate-records.js';

/** Who imports: a person (checked as coordinator of each school or team named), or null for the operator at the command line. */
export interface OutcomeActor {
  personId: string | null;
}

/** A refused import: every problem, each with its line. Nothing was written. */
export interface ImportFailure {
  readonly ok: false;
  readonly code: 'outcomes.invalid';
  readonly errors: readonly ImportError[];
}

export type ImportResult = Ok<ImportSummary> | ImportFailure;

/**
 * Imports outcome figures, all or nothing: every record is checked first, then metrics and
 * snapshots are written in one transaction. A figure already stored for the same metric,
 * subject and period is updated. Afterwards, figures that miss their target may open
 * data-triggered rounds (see `triggerRounds`).
 *
 * @example
 * const result = await importOutcomeRecords(deps, organisationId, records, { personId: null }, 'csv:opbrengsten.csv');
 * if (!result.ok) for (const e of result.errors) console.error(`line ${e.line}: ${e.code}`);
 */
export async function importOutcomeRecords(
  deps: DialogueDeps,
  organisationId: string,
  records: readonly OutcomeRecord[],
  actor: OutcomeActor,
  source: string,
  /** Problems found before (lines the CSV reader could not split), reported with the rest. */
  earlier: readonly ImportError[] = [],
): Promise<ImportResult> {
  const { store, clock } = deps;
  if (records.length === 0 && earlier.length === 0)
    return invalid([{ line: 1, column: null, code: 'empty_file', params: {} }]);
  const [schools, teams, metrics] = await Promise.all([
    store.schools.list(organisationId),
    store.teams.list(organisationId),
    store.metrics.list(organisationId),
  ]);
  const grants: RoleGrant[] = actor.personId === null ? [] : await store.people.roles(organisationId, actor.personId);
  const { rows, errors } = validateRecords(records, {
    schools,
    teams,
    metrics,
    mayDefineMetrics: actor.personId === null || holds(grants, NEEDS.configure, { kind: 'organisation' }),
    allowed: (subject, schoolId) =>
      actor.personId === null ||
      holds(
        grants,
        NEEDS.configure,
        subject.kind === 'team' ? { kind: 'team', teamId: subject.teamId, schoolId } : { kind: 'school', schoolId },
      ),
  });
  if (errors.length > 0 || earlier.length > 0) return invalid([...earlier, ...errors]);

  const now = clock.now();
  const summary = await store.transaction(async (tx) => {
    const result: ImportSummary = { metricsCreated: 0, created: 0, updated: 0, roundsOpened: 0 };
    for (const metric of mergedMetrics(organisationId, rows, metrics, deps.newId, now)) {
      if ((await tx.metrics.upsert(metric)) === 'created') result.metricsCreated += 1;
    }
    for (const row of rows) {
      const outcome = await tx.snapshots.upsert({
        id: deps.newId(),
        organisationId,
        metricKey: row.metricKey,
        subject: row.subject,
        period: row.period,
        value: row.value,
        target: row.target,
        groupSize: row.groupSize,
        source,
        createdAt: now,
        updatedAt: now,
        triggeredAt: null,
      });
      result[outcome] += 1;
    }
    await tx.audit.record({
      organisationId,
      actorPersonId: actor.personId,
      action: 'outcomes.imported',
      subject: `organisation:${organisationId}`,
      details: {
        source,
        rows: rows.length,
        created: result.created,
        updated: result.updated,
        metricsCreated: result.metricsCreated,
      },
      at: now,
    });
    return result;
  });
  summary.roundsOpened = await triggerRounds(deps, organisationId, rows);
  deps.log.info({ organisationId, source, ...summary }, 'outcomes imported');
  return ok(summary);
}

function invalid(errors: ImportError[]): ImportFailure {
  return { ok: false, code: 'outcomes.invalid', errors: errors.sort((a, b) => a.line - b.line) };
}

/** The metrics to write: new ones, and known ones whose definition the file changes. */
function mergedMetrics(
  organisationId: string,
  rows: readonly OutcomeRow[],
  known: readonly Metric[],
  newId: () => string,
  now: Date,
): Metric[] {
  const out = new Map<string, Metric>();
  for (const row of rows) {
    const given =
      row.metricName !== null ||
      row.unit !== null ||
      row.higherIsBetter !== null ||
      row.metricTarget !== null ||
      row.triggersRound !== null;
    const existing = out.get(row.metricKey) ?? known.find((m) => m.key === row.metricKey);
    if (!given && existing !== undefined) continue;
    out.set(row.metricKey, {
      id: existing?.id ?? newId(),
      organisationId,
      key: row.metricKey,
      name: row.metricName ?? existing?.name ?? row.metricKey,
      unit: row.unit ?? existing?.unit ?? '',
      higherIsBetter: row.higherIsBetter ?? existing?.higherIsBetter ?? true,
      target: row.metricTarget ?? existing?.target ?? null,
      triggersRound: row.triggersRound ?? existing?.triggersRound ?? false,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
  }
  return [...out.values()];
}
