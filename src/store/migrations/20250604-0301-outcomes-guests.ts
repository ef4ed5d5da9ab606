/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Outcome metrics and snapshots, which snapshots a round carries, and outside reviewers' invitations.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outcome_metrics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('higher_is_better', 'boolean', (c) => c.notNull())
    .addColumn('target', 'double precision')
    .addColumn('triggers_round', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('outcome_metrics_key', ['organisation_id', 'key'])
    .execute();

  // One subject per snapshot: a school or a team. `subject` ('school:<id>' / 'team:<id>') makes
  // the natural key one non-null column, since NULLs would never collide in a unique index; the
  // two id columns keep the foreign keys, so removing a school or team removes its figures.
  await db.schema
    .createTable('outcome_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('metric_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.references('schools.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('target', 'double precision')
    .addColumn('group_size', 'integer', (c) => c.check(sql`group_size >= 0`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('triggered_at', 'timestamptz')
    .addForeignKeyConstraint(
      'outcome_snapshots_metric_fk',
      ['organisation_id', 'metric_key'],
      'outcome_metrics',
      ['organisation_id', 'key'],
      (c) => c.onDelete('cascade'),
    )
    .addCheckConstraint('outcome_snapshots_one_subject', sql`(school_id is null) <> (team_id is null)`)
    .addUniqueConstraint('outcome_snapshots_key', ['organisation_id', 'metric_key', 'subject', 'period'])
    .execute();

  await db.schema
    .createTable('round_outcome_snapshots')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('snapshot_id', 'text', (c) => c.notNull().references('outcome_snapshots.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('round_outcome_snapshots_pk', ['round_id', 'snapshot_id'])
    .execute();

  await db.schema
    .createTable('guest_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('guest_invitations_round_idx')
    .on('guest_invitations')
    .columns(['organisation_id', 'round_id'])
    .execute();
  // The scheduler asks for overdue actions every tick.
  await db.schema
    .createIndex('actions_overdue_idx')
    .on('actions')
    .columns(['organisation_id', 'due_on'])
    .where(sql<boolean>`status in ('open', 'in_progress') and reminded_at is null and due_on is not null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('actions_overdue_idx').execute();
  await db.schema.dropTable('guest_invitations').execute();
  await db.schema.dropTable('round_outcome_snapshots').execute();
  await db.schema.dropTable('outcome_snapshots').execute();
  await db.schema.dropTable('outcome_metrics').execute();
}
