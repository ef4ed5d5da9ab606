/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// One live answer per author, question and round for answers given in a form (Slack modal,
// Teams card, web form). Two copies of one submission arriving at the same moment used to both
// read "no answer yet" and both insert; this key lets the second one lose at the database.
// Thread messages (many per author) and guest views (a guest may add several) stay outside it.

const FORM_SOURCES = sql<boolean>`source in ('form', 'card', 'web') and deleted_at is null`;

export async function up(db: Kysely<any>): Promise<void> {
  // Duplicates stored before this key existed: keep the newest, as the bot always read that one,
  // and mark the older copies deleted (deleted answers are kept for erasure and audit, not shown).
  await sql`
    update replies set deleted_at = now()
    where source in ('form', 'card', 'web') and deleted_at is null and question_key is not null
      and exists (
        select 1 from replies newer
        where newer.round_id = replies.round_id and newer.question_key = replies.question_key
          and newer.author_token = replies.author_token and newer.source in ('form', 'card', 'web')
          and newer.deleted_at is null
          and (newer.created_at, newer.id) > (replies.created_at, replies.id)
      )`.execute(db);
  await db.schema
    .createIndex('replies_form_answer_key')
    .on('replies')
    .columns(['round_id', 'question_key', 'author_token'])
    .unique()
    .where(FORM_SOURCES)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('replies_form_answer_key').execute();
}
