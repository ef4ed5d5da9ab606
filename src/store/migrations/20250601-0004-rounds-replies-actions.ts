/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// Rounds, their replies, and the actions born from them.

export async function up(db: Kysely<any>): Promise<void> {
  // template_id and schedule_id carry no foreign key: a round copies what it needs when it opens
  // and stays readable history after its template or schedule is gone.
  await db.schema
    .createTable('rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('template_id', 'text')
    .addColumn('schedule_id', 'text')
    .addColumn('occurrence_at', 'timestamptz')
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('scheduled', 'ad_hoc', 'data')`))
    .addColumn('triggered_by', 'text')
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('aspect', 'text', (c) => c.notNull())
    .addColumn('questions', 'jsonb', (c) => c.notNull())
    .addColumn('metric_keys', 'jsonb', (c) => c.notNull())
    .addColumn('anonymous', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('remind_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .execute();
  // At most one round per scheduled occurrence and team. Ad-hoc rounds have a NULL schedule and
  // never collide, because NULLs are distinct in a unique index.
  await db.schema
    .createIndex('rounds_occurrence_key')
    .on('rounds')
    .columns(['schedule_id', 'team_id', 'occurrence_at'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rounds_team_opened_idx')
    .on('rounds')
    .columns(['organisation_id', 'team_id', 'opened_at'])
    .execute();
  await db.schema
    .createIndex('rounds_organisation_opened_idx')
    .on('rounds')
    .columns(['organisation_id', 'opened_at'])
    .execute();
  // The scheduler's tick asks these two questions every minute; partial indexes keep them small.
  await db.schema
    .createIndex('rounds_due_to_close_idx')
    .on('rounds')
    .column('closes_at')
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema
    .createIndex('rounds_due_to_remind_idx')
    .on('rounds')
    .column('remind_at')
    .where(sql<boolean>`status = 'open' and reminded_at is null and remind_at is not null`)
    .execute();

  await db.schema
    .createTable('replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('question_key', 'text')
    .addColumn('author_person_id', 'text')
    .addColumn('author_token', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('thread', 'form', 'card', 'web', 'guest')`))
    .addColumn('platform', 'text')
    .addColumn('platform_message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  // A redelivered platform message is stored once.
  await db.schema
    .createIndex('replies_platform_message_key')
    .on('replies')
    .columns(['organisation_id', 'platform', 'platform_message_id'])
    .unique()
    .where(sql.ref('platform_message_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('replies_round_idx').on('replies').columns(['round_id', 'created_at']).execute();
  await db.schema
    .createIndex('replies_form_answer_idx')
    .on('replies')
    .columns(['round_id', 'question_key', 'author_token'])
    .execute();

  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('round_id', 'text')
    .addColumn('reply_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_person_id', 'text')
    .addColumn('due_on', 'text', (c) => c.check(sql`due_on ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'dropped')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reminded_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('actions_team_idx')
    .on('actions')
    .columns(['organisation_id', 'team_id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('actions').execute();
  await db.schema.dropTable('replies').execute();
  await db.schema.dropTable('rounds').execute();
}
