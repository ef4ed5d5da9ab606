/**
 * A Teams conversation the bot may post into later: its serialised conversation reference
 * (botbuilder's shape, opaque here) and, for a personal chat, whose chat it is.
 */
export interface TeamsConversationRecord {
  conversationId: string;
  tenantId: string;
  organisationId: string;
  kind: 'personal' | 'channel' | 'groupChat';
  /** The Teams user id (29:…) of a personal chat; null otherwise. */
  userId: string | null;
  reference: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The Teams adapter's own storage port: where conversation references are kept. The composition
 * root fills it with the SQL repository (src/store/teams-conversation-repository.ts); tests use
 * `memoryTeamsConversations`.
 * system: conversations are looked up by Teams ids before the organisation is known.
 */
export interface TeamsConversations {
  /** Inserts or refreshes a conversation; true when it was not known before. */
  save(record: TeamsConversationRecord): Promise<boolean>;
  find(conversationId: string): Promise<TeamsConversationRecord | null>;
  /** The personal chat of a Teams user in a tenant, if the bot has one. */
  findPersonal(tenantId: string, userId: string): Promise<TeamsConversationRecord | null>;
  /** Any conversation of a tenant, newest first: its service URL reaches the whole tenant. */
  latestOfTenant(tenantId: string): Promise<TeamsConversationRecord | null>;
}

/** The same contract in memory, for tests and a Teams trial without a database. */
export function memoryTeamsConversations(): TeamsConversations {
  const rows = new Map<string, TeamsConversationRecord>();
  const newest = (list: TeamsConversationRecord[]) =>
    list.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0] ?? null;
  return {
    async save(record) {
      const existing = rows.get(record.conversationId);
      rows.set(
        record.conversationId,
        existing
          ? {
              ...existing,
              reference: record.reference,
              updatedAt: record.updatedAt,
              userId: record.userId ?? existing.userId,
            }
          : { ...record },
      );
      return !existing;
    },
    async find(conversationId) {
      const row = rows.get(conversationId);
      return row ? { ...row } : null;
    },
    async findPersonal(tenantId, userId) {
      return newest(
        [...rows.values()].filter((r) => r.tenantId === tenantId && r.userId === userId && r.kind === 'personal'),
      );
    },
    async latestOfTenant(tenantId) {
      return newest([...rows.values()].filter((r) => r.tenantId === tenantId));
    },
  };
}
