import type { Authorship, ErasureCounts, PrivacyRepository } from '../dialogues/ports.js';
import { toAuditEntry } from './audit-repository.js';
import { toDelivery } from './delivery-repository.js';
import { toReply } from './reply-repository.js';
import { forgetTeamsUser } from './teams-conversation-repository.js';
import { toJson, type Executor } from './sql-helpers.js';

/** Deliveries in these states are done with; pending and sending ones are still the worker's. */
const FINISHED = ['sent', 'failed', 'unclear', 'skipped'];

/**
 * PostgreSQL caps a statement at 65,535 parameters, and a board with years of weekly rounds has
 * one author token per round; token lists are matched in slices well below that cap.
 */
const SLICE = 1000;

function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += SLICE) out.push(items.slice(start, start + SLICE));
  return out;
}

/**
 * @example
 * const privacy = privacyRepository(database.db);
 * const counts = await privacy.purge(organisationId, new Date(Date.now() - 365 * 86_400_000));
 */
export function privacyRepository(db: Executor): PrivacyRepository {
  /** Ids of the replies a person wrote, named or anonymous. */
  const replyIds = async (tx: Executor, organisationId: string, author: Authorship): Promise<string[]> => {
    const ids = new Set<string>();
    const named = await tx
      .selectFrom('replies')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('author_person_id', '=', author.personId)
      .execute();
    for (const row of named) ids.add(row.id);
    for (const tokens of slices(author.authorTokens)) {
      const rows = await tx
        .selectFrom('replies')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('author_token', 'in', tokens)
        .execute();
      for (const row of rows) ids.add(row.id);
    }
    return [...ids];
  };

  const erase = async (tx: Executor, organisationId: string, author: Authorship, at: Date): Promise<ErasureCounts> => {
    const { personId } = author;
    const ids = await replyIds(tx, organisationId, author);
    let replies = 0;
    let actionsUnlinked = 0;
    for (const slice of slices(ids)) {
      const unlinked = await tx
        .updateTable('actions')
        .set({ reply_id: null, updated_at: at })
        .where('organisation_id', '=', organisationId)
        .where('reply_id', 'in', slice)
        .returning('id')
        .execute();
      actionsUnlinked += unlinked.length;
      const deleted = await tx
        .deleteFrom('replies')
        .where('organisation_id', '=', organisationId)
        .where('id', 'in', slice)
        .returning('id')
        .execute();
      replies += deleted.length;
    }
    const unassigned = await tx
      .updateTable('actions')
      .set({ owner_person_id: null, updated_at: at })
      .where('organisation_id', '=', organisationId)
      .where('owner_person_id', '=', personId)
      .returning('id')
      .execute();
    const rounds = await tx
      .updateTable('rounds')
      .set({ triggered_by: null })
      .where('organisation_id', '=', organisationId)
      .where('triggered_by', '=', personId)
      .returning('id')
      .execute();
    const deliveries = await tx
      .deleteFrom('deliveries')
      .where('organisation_id', '=', organisationId)
      .where('target_person_id', '=', personId)
      .returning('id')
      .execute();
    const audit = await tx
      .deleteFrom('audit_log')
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('actor_person_id', '=', personId), eb('subject', '=', `person:${personId}`)]))
      .returning('action')
      .execute();
    const invitations = await tx
      .updateTable('guest_invitations')
      .set({ invited_by: null })
      .where('organisation_id', '=', organisationId)
      .where('invited_by', '=', personId)
      .returning('id')
      .execute();
    const teamsIdentities = await tx
      .selectFrom('identities')
      .select(['workspace_id as workspaceId', 'user_id as userId'])
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where('platform', '=', 'teams')
      .execute();
    const teamsConversations = await forgetTeamsUser(tx, organisationId, teamsIdentities);
    // Digest subscriptions go with the person row (foreign key, on delete cascade).
    const roles = await tx
      .deleteFrom('role_grants')
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .returning('role')
      .execute();
    const identities = await tx
      .deleteFrom('identities')
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .returning('user_id')
      .execute();
    await tx.deleteFrom('people').where('organisation_id', '=', organisationId).where('id', '=', personId).execute();
    return {
      replies,
      identities: identities.length,
      roles: roles.length,
      deliveries: deliveries.length,
      auditEntries: audit.length,
      actionsUnassigned: unassigned.length,
      actionsUnlinked,
      roundsUnlinked: rounds.length,
      teamsConversations,
      invitationsUnlinked: invitations.length,
    };
  };

  return {
    async purge(organisationId, cutoff) {
      const replies = await db
        .deleteFrom('replies')
        .where('organisation_id', '=', organisationId)
        .where('created_at', '<', cutoff)
        .returning('id')
        .execute();
      const audit = await db
        .deleteFrom('audit_log')
        .where('organisation_id', '=', organisationId)
        .where('at', '<', cutoff)
        .returning('action')
        .execute();
      const deliveries = await db
        .deleteFrom('deliveries')
        .where('organisation_id', '=', organisationId)
        .where('status', 'in', FINISHED)
        .where('created_at', '<', cutoff)
        .returning('id')
        .execute();
      return { replies: replies.length, auditEntries: audit.length, deliveries: deliveries.length };
    },

    async purgeInboundEvents(cutoff) {
      const rows = await db.deleteFrom('inbound_events').where('seen_at', '<', cutoff).returning('event_id').execute();
      return rows.length;
    },

    async findRepliesBefore(organisationId, cutoff) {
      const rows = await db
        .selectFrom('replies')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('created_at', '<', cutoff)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toReply);
    },

    async findReplies(organisationId, author) {
      const ids = await replyIds(db, organisationId, author);
      const rows = [];
      for (const slice of slices(ids))
        rows.push(...(await db.selectFrom('replies').selectAll().where('id', 'in', slice).execute()));
      return rows
        .map(toReply)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async findAuditEntries(organisationId, personId) {
      const rows = await db
        .selectFrom('audit_log')
        .select(['organisation_id', 'actor_person_id', 'action', 'subject', 'details', 'at'])
        .where('organisation_id', '=', organisationId)
        .where((eb) => eb.or([eb('actor_person_id', '=', personId), eb('subject', '=', `person:${personId}`)]))
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map(toAuditEntry);
    },

    async findDeliveriesTo(organisationId, personId) {
      const rows = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('target_person_id', '=', personId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toDelivery);
    },

    async findDeliveriesMentioning(organisationId, needles) {
      // jsonb prints strings JSON-escaped, so the needle is escaped the same way before the
      // search; strpos rather than LIKE, so % and _ in an answer are plain characters.
      const escaped = [...new Set(needles.filter((n) => n !== '').map((n) => JSON.stringify(n).slice(1, -1)))];
      const found = new Map<string, ReturnType<typeof toDelivery>>();
      for (const slice of slices(escaped)) {
        const rows = await db
          .selectFrom('deliveries')
          .selectAll()
          .where('organisation_id', '=', organisationId)
          .where((eb) =>
            eb.or(slice.map((needle) => eb(eb.fn('strpos', [eb.cast('message', 'text'), eb.val(needle)]), '>', 0))),
          )
          .execute();
        for (const row of rows) found.set(row.id, toDelivery(row));
      }
      return [...found.values()].sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    },

    async replaceDeliveryMessage(organisationId, id, message) {
      await db
        .updateTable('deliveries')
        .set({ message: toJson(message) })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },

    async erasePerson(organisationId, author, at) {
      // Joins the caller's transaction when there is one, so the erasure and its audit row commit together.
      if (db.isTransaction) return erase(db, organisationId, author, at);
      return db.transaction().execute((trx) => erase(trx, organisationId, author, at));
    },
  };
}
