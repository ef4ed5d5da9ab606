/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import type { Kysely } from 'kysely';

// Teams conversation references: what the bot needs to post into a Teams conversation later
// (service URL, conversation id, bot id), kept per conversation when the app is installed or
// spoken to. Personal chats also name their user, so a leader's digest finds their chat.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams_conversations')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    // personal, channel or groupChat
    .addColumn('kind', 'text', (c) => c.notNull())
    // The Teams user id (29:…) of a personal chat; null otherwise.
    .addColumn('user_id', 'text')
    .addColumn('reference', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('teams_conversations_user_idx')
    .on('teams_conversations')
    .columns(['tenant_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('teams_conversations_organisation_idx')
    .on('teams_conversations')
    .column('organisation_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('teams_conversations').execute();
}
