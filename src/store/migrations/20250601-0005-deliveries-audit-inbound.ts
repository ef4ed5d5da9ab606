/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// The outbox of posts, the audit log, and the inbound event ids already handled.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    // One post per purpose and target (`round:<id>:prompt:<bindingId>`): enqueueing twice is a no-op.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('round_id', 'text')
    .addColumn('purpose', 'text', (c) =>
      c.notNull().check(sql`purpose in ('prompt', 'reminder', 'summary', 'notice', 'digest')`),
    )
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_binding_id', 'text')
    .addColumn('target_person_id', 'text')
    .addColumn('target_platform', 'text')
    .addColumn('message', 'jsonb', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('thread_of', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'unclear', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('posted_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint(
      'deliveries_target_check',
      sql`(target_kind = 'channel' and target_binding_id is not null)
        or (target_kind = 'person' and target_person_id is not null and target_platform is not null)`,
    )
    .execute();
  // The worker's claim: pending rows by due time, and sending rows whose lease ran out.
  await db.schema.createIndex('deliveries_due_idx').on('deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema
    .createIndex('deliveries_lease_idx')
    .on('deliveries')
    .column('lease_until')
    .where(sql.ref('status'), '=', 'sending')
    .execute();
  await db.schema
    .createIndex('deliveries_round_idx')
    .on('deliveries')
    .columns(['organisation_id', 'round_id'])
    .execute();
  await db.schema
    .createIndex('deliveries_posted_idx')
    .on('deliveries')
    .columns(['target_binding_id', 'posted_ref'])
    .where(sql.ref('posted_ref'), 'is not', null)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('actor_person_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_organisation_at_idx')
    .on('audit_log')
    .columns(['organisation_id', 'at'])
    .execute();

  // Not tied to an organisation: a redelivered event is recognised before its tenant is known.
  await db.schema
    .createTable('inbound_events')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_events_pkey', ['platform', 'event_id'])
    .execute();
  await db.schema.createIndex('inbound_events_seen_idx').on('inbound_events').column('seen_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_events').execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('deliveries').execute();
}
