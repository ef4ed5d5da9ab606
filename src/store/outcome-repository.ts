import { sql } from 'kysely';
import type { Metric, OutcomeSubject, Snapshot } from '../dialogues/outcomes/model.js';
import { subjectKey } from '../dialogues/outcomes/model.js';
import type { MetricRepository, SnapshotRepository, UpsertResult } from '../dialogues/ports.js';
import type { OutcomeMetricTable, OutcomeSnapshotTable } from './outcomes-schema.js';
import type { Executor } from './sql-helpers.js';

// Keys and periods sort by code point (COLLATE "C"), the same order on every server and in the
// in-memory store. `xmax = 0` is true only for a row the upsert inserted: PostgreSQL's way of
// telling an insert from an update in one statement.
const inserted = sql<boolean>`(xmax = 0)`.as('inserted');
const created = (row: { inserted: boolean }): UpsertResult => (row.inserted ? 'created' : 'updated');

export function metricRepository(db: Executor): MetricRepository {
  return {
    async upsert(metric) {
      const row = await db
        .insertInto('outcome_metrics')
        .values({
          id: metric.id,
          organisation_id: metric.organisationId,
          key: metric.key,
          name: metric.name,
          unit: metric.unit,
          higher_is_better: metric.higherIsBetter,
          target: metric.target,
          triggers_round: metric.triggersRound,
          created_at: metric.createdAt,
          updated_at: metric.updatedAt,
        })
        .onConflict((c) =>
          c.columns(['organisation_id', 'key']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            unit: eb.ref('excluded.unit'),
            higher_is_better: eb.ref('excluded.higher_is_better'),
            target: eb.ref('excluded.target'),
            triggers_round: eb.ref('excluded.triggers_round'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning(inserted)
        .executeTakeFirstOrThrow();
      return created(row);
    },

    async get(organisationId, key) {
      const row = await db
        .selectFrom('outcome_metrics')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? null : toMetric(row);
    },

    async list(organisationId) {
      const rows = await db
        .selectFrom('outcome_metrics')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy(sql`key collate "C"`)
        .execute();
      return rows.map(toMetric);
    },
  };
}

export function snapshotRepository(db: Executor): SnapshotRepository {
  return {
    async upsert(snapshot) {
      const row = await db
        .insertInto('outcome_snapshots')
        .values(snapshotValues(snapshot))
        .onConflict((c) =>
          c.columns(['organisation_id', 'metric_key', 'subject', 'period']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            target: eb.ref('excluded.target'),
            group_size: eb.ref('excluded.group_size'),
            source: eb.ref('excluded.source'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning(inserted)
        .executeTakeFirstOrThrow();
      return created(row);
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('outcome_snapshots')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toSnapshot(row);
    },

    async list(organisationId, filter = {}) {
      let query = db.selectFrom('outcome_snapshots').selectAll().where('organisation_id', '=', organisationId);
      if (filter.metricKey !== undefined) query = query.where('metric_key', '=', filter.metricKey);
      if (filter.subject !== undefined) query = query.where('subject', '=', subjectKey(filter.subject));
      const rows = await query
        .orderBy(sql`metric_key collate "C"`)
        .orderBy(sql`subject collate "C"`)
        .orderBy(sql`period collate "C"`)
        .execute();
      return rows.map(toSnapshot);
    },

    async linkToRound(organisationId, roundId, snapshotIds) {
      if (snapshotIds.length === 0) return;
      await db
        .insertInto('round_outcome_snapshots')
        .values(
          snapshotIds.map((snapshotId) => ({
            organisation_id: organisationId,
            round_id: roundId,
            snapshot_id: snapshotId,
          })),
        )
        .onConflict((c) => c.doNothing())
        .execute();
    },

    async listForRound(organisationId, roundId) {
      const rows = await db
        .selectFrom('round_outcome_snapshots as l')
        .innerJoin('outcome_snapshots as s', 's.id', 'l.snapshot_id')
        .selectAll('s')
        .where('l.organisation_id', '=', organisationId)
        .where('s.organisation_id', '=', organisationId)
        .where('l.round_id', '=', roundId)
        .orderBy(sql`s.metric_key collate "C"`)
        .orderBy(sql`s.subject collate "C"`)
        .orderBy(sql`s.period collate "C"`)
        .execute();
      return rows.map(toSnapshot);
    },

    async markTriggered(organisationId, id, at) {
      const result = await db
        .updateTable('outcome_snapshots')
        .set({ triggered_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('triggered_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

function toMetric(row: OutcomeMetricTable): Metric {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    key: row.key,
    name: row.name,
    unit: row.unit,
    higherIsBetter: row.higher_is_better,
    target: row.target,
    triggersRound: row.triggers_round,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSnapshot(row: OutcomeSnapshotTable): Snapshot {
  const subject: OutcomeSubject =
    row.team_id !== null ? { kind: 'team', teamId: row.team_id } : { kind: 'school', schoolId: row.school_id ?? '' };
  return {
    id: row.id,
    organisationId: row.organisation_id,
    metricKey: row.metric_key,
    subject,
    period: row.period,
    value: row.value,
    target: row.target,
    groupSize: row.group_size,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    triggeredAt: row.triggered_at,
  };
}

/** A snapshot as the row to insert (also the demo history's bulk insert). */
export function snapshotValues(snapshot: Snapshot) {
  return {
    id: snapshot.id,
    organisation_id: snapshot.organisationId,
    metric_key: snapshot.metricKey,
    subject: subjectKey(snapshot.subject),
    school_id: snapshot.subject.kind === 'school' ? snapshot.subject.schoolId : null,
    team_id: snapshot.subject.kind === 'team' ? snapshot.subject.teamId : null,
    period: snapshot.period,
    value: snapshot.value,
    target: snapshot.target,
    group_size: snapshot.groupSize,
    source: snapshot.source,
    created_at: snapshot.createdAt,
    updated_at: snapshot.updatedAt,
    triggered_at: snapshot.triggeredAt,
  };
}
