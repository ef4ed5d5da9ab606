import { sql } from 'kysely';
import type { Platform, Reply, ReplySource } from '../dialogues/model.js';
import type { ReplyRepository } from '../dialogues/ports.js';
import type { QuestionKey } from '../dialogues/questions.js';
import type { ReplyRow } from './schema.js';
import type { Executor } from './sql-helpers.js';

export function replyRepository(db: Executor): ReplyRepository {
  const get = async (organisationId: string, id: string): Promise<Reply | null> => {
    const row = await db
      .selectFrom('replies')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : toReply(row);
  };

  const findByPlatformMessage = async (
    organisationId: string,
    platform: Platform,
    platformMessageId: string,
  ): Promise<Reply | null> => {
    // Deleted replies count too: a redelivered message must not bring a deleted answer back.
    const row = await db
      .selectFrom('replies')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('platform', '=', platform)
      .where('platform_message_id', '=', platformMessageId)
      .executeTakeFirst();
    return row === undefined ? null : toReply(row);
  };

  const findFormAnswer = async (
    organisationId: string,
    roundId: string,
    questionKey: QuestionKey,
    authorToken: string,
  ): Promise<Reply | null> => {
    const row = await db
      .selectFrom('replies')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('round_id', '=', roundId)
      .where('question_key', '=', questionKey)
      .where('author_token', '=', authorToken)
      // Thread replies are messages in a channel, many per author; only answers given in a form
      // (form, card, web, guest link) are edited in place when the form is sent again.
      .where('source', '<>', 'thread')
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row === undefined ? null : toReply(row);
  };

  return {
    get,
    findByPlatformMessage,

    async insert(reply) {
      const inserted = await db
        .insertInto('replies')
        .values(replyValues(reply))
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted !== undefined) return { inserted: true };
      // Lost to the platform-message key, to the form-answer key (a concurrent copy of the same
      // form) or, for a retried insert, to the primary key.
      const existing =
        (reply.platform !== null && reply.platformMessageId !== null
          ? await findByPlatformMessage(reply.organisationId, reply.platform, reply.platformMessageId)
          : null) ??
        (await get(reply.organisationId, reply.id)) ??
        (isFormAnswer(reply) && reply.questionKey !== null
          ? await findFormAnswer(reply.organisationId, reply.roundId, reply.questionKey, reply.authorToken)
          : null);
      if (existing === null) throw new Error(`store: reply ${reply.id} conflicted with a row in another organisation`);
      return { inserted: false, existing };
    },

    findFormAnswer,

    async insertForEvent(reply, event) {
      // One statement, so no transaction: the reply is selected from the event insert's
      // RETURNING, which is empty when the event id was seen before.
      const at = (value: Date | null) => sql`cast(${value === null ? null : value.toISOString()} as timestamptz)`;
      // Prepared once per connection: this is the statement every thread reply makes.
      const result = await sql<{ event_new: boolean; reply_id: string | null }>`/* prepared: reply_for_event */
        with event as (
          insert into inbound_events (platform, event_id, seen_at)
          values (${event.platform}, ${event.eventId}, ${at(event.seenAt)})
          on conflict (platform, event_id) do nothing
          returning event_id
        ), stored as (
          insert into replies (id, organisation_id, round_id, question_key, author_person_id, author_token, text, source, platform, platform_message_id, created_at, edited_at, deleted_at)
          select ${reply.id}, ${reply.organisationId}, ${reply.roundId}, ${reply.questionKey}, ${reply.authorPersonId}, ${reply.authorToken}, ${reply.text}, ${reply.source},
            ${reply.platform}, ${reply.platformMessageId}, ${at(reply.createdAt)}, ${at(reply.editedAt)}, ${at(reply.deletedAt)}
          from event
          on conflict do nothing
          returning id
        )
        select exists (select 1 from event) as event_new, (select id from stored) as reply_id`.execute(db);
      const row = result.rows[0];
      if (!row?.event_new) return 'seen';
      return row.reply_id === null ? 'known' : 'stored';
    },

    async update(organisationId, id, patch) {
      await db
        .updateTable('replies')
        .set({
          text: patch.text,
          question_key: patch.questionKey,
          edited_at: patch.editedAt,
          ...(patch.deletedAt === null ? { deleted_at: null } : {}),
        })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },

    async markDeleted(organisationId, id, at) {
      await db
        .updateTable('replies')
        .set({ deleted_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .execute();
    },

    async listByRound(organisationId, roundId) {
      const rows = await db
        .selectFrom('replies')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('round_id', '=', roundId)
        .where('deleted_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toReply);
    },
  };
}

/** Answers given in a form: one live answer per author and question (`replies_form_answer_key`). */
export function isFormAnswer(reply: Pick<Reply, 'source' | 'deletedAt'>): boolean {
  return (reply.source === 'form' || reply.source === 'card' || reply.source === 'web') && reply.deletedAt === null;
}

export function toReply(row: ReplyRow): Reply {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    roundId: row.round_id,
    questionKey: row.question_key as QuestionKey | null,
    authorPersonId: row.author_person_id,
    authorToken: row.author_token,
    text: row.text,
    source: row.source as ReplySource,
    platform: row.platform as Platform | null,
    platformMessageId: row.platform_message_id,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
  };
}

/** A reply as the row to insert (also the demo history's bulk insert). */
export function replyValues(reply: Reply) {
  return {
    id: reply.id,
    organisation_id: reply.organisationId,
    round_id: reply.roundId,
    question_key: reply.questionKey,
    author_person_id: reply.authorPersonId,
    author_token: reply.authorToken,
    text: reply.text,
    source: reply.source,
    platform: reply.platform,
    platform_message_id: reply.platformMessageId,
    created_at: reply.createdAt,
    edited_at: reply.editedAt,
    deleted_at: reply.deletedAt,
  };
}
