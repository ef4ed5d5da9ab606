import { sql, type ExpressionBuilder } from 'kysely';
import type { TeamsConversationRecord, TeamsConversations } from '../bot/teams/teams-conversations.js';
import { toJson, type Executor } from './sql-helpers.js';

interface TeamsConversationTable {
  conversation_id: string;
  tenant_id: string;
  organisation_id: string;
  kind: string;
  user_id: string | null;
  reference: unknown;
  created_at: Date;
  updated_at: Date;
}

type Row = TeamsConversationTable;

function toRecord(row: Row): TeamsConversationRecord {
  const reference =
    typeof row.reference === 'string'
      ? (JSON.parse(row.reference) as Record<string, unknown>)
      : (row.reference as Record<string, unknown>);
  return {
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    organisationId: row.organisation_id,
    kind: row.kind as TeamsConversationRecord['kind'],
    userId: row.user_id,
    reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * @example
 * const conversations = teamsConversationRepository(database.db);
 * const isNew = await conversations.save({ conversationId, tenantId, organisationId, kind: 'channel', userId: null, reference, createdAt: now, updatedAt: now });
 */
/** The Teams adapter's conversation port over the database. */
export function teamsConversationRepository(executor: Executor): TeamsConversations {
  const db = executor.withTables<{ teams_conversations: TeamsConversationTable }>();
  return {
    async save(record) {
      const inserted = await db
        .insertInto('teams_conversations')
        .values({
          conversation_id: record.conversationId,
          tenant_id: record.tenantId,
          organisation_id: record.organisationId,
          kind: record.kind,
          user_id: record.userId,
          reference: toJson(record.reference),
          created_at: record.createdAt,
          updated_at: record.updatedAt,
        })
        .onConflict((conflict) => conflict.column('conversation_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
      await db
        .updateTable('teams_conversations')
        .set({
          reference: toJson(record.reference),
          updated_at: record.updatedAt,
          ...(record.userId ? { user_id: record.userId } : {}),
        })
        .where('conversation_id', '=', record.conversationId)
        .execute();
      return false;
    },
    async find(conversationId) {
      const row = await db
        .selectFrom('teams_conversations')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async findPersonal(tenantId, userId) {
      const row = await db
        .selectFrom('teams_conversations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('kind', '=', 'personal')
        .orderBy('updated_at', 'desc')
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async latestOfTenant(tenantId) {
      const row = await db
        .selectFrom('teams_conversations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('updated_at', 'desc')
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
  };
}

/**
 * Erasure: deletes the bot's personal chats with a person in an organisation, found by their
 * Teams identities (`workspaceId` the tenant, `userId` the Teams user id or `aad:<object id>`),
 * and removes them as `user` from every other stored reference, where botbuilder keeps the last
 * speaker's id and name. Returns how many personal chats went.
 */
export async function forgetTeamsUser(
  executor: Executor,
  organisationId: string,
  identities: readonly { workspaceId: string; userId: string }[],
): Promise<number> {
  if (identities.length === 0) return 0;
  const db = executor.withTables<{ teams_conversations: TeamsConversationTable }>();
  const userIds = identities.filter((i) => !i.userId.startsWith('aad:')).map((i) => i.userId);
  const aadIds = identities.filter((i) => i.userId.startsWith('aad:')).map((i) => i.userId.slice('aad:'.length));
  const theirs = (eb: ExpressionBuilder<{ teams_conversations: TeamsConversationTable }, 'teams_conversations'>) =>
    eb.or([
      ...(userIds.length > 0 ? [eb(sql<string>`reference->'user'->>'id'`, 'in', userIds)] : []),
      ...(aadIds.length > 0 ? [eb(sql<string>`reference->'user'->>'aadObjectId'`, 'in', aadIds)] : []),
    ]);
  const deleted = await db
    .deleteFrom('teams_conversations')
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', 'personal')
    .where((eb) =>
      eb.or([
        ...identities.map((i) => eb.and([eb('tenant_id', '=', i.workspaceId), eb('user_id', '=', i.userId)])),
        theirs(eb),
      ]),
    )
    .returning('conversation_id')
    .execute();
  await db
    .updateTable('teams_conversations')
    .set({ reference: sql`reference - 'user'` })
    .where('organisation_id', '=', organisationId)
    .where(theirs)
    .execute();
  return deleted.length;
}
