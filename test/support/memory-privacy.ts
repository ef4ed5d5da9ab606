import type { Reply } from '../../src/dialogues/model.js';
import type { Authorship, Delivery, ErasureCounts, PrivacyRepository } from '../../src/dialogues/ports.js';
import type { MemoryState } from './memory-store.js';

const FINISHED: readonly Delivery['status'][] = ['sent', 'failed', 'unclear', 'skipped'];

const byCreated = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Deletes the rows `doomed` picks and says how many went. */
function sweep<K, V>(map: Map<K, V>, doomed: (row: V) => boolean): number {
  let count = 0;
  for (const [k, row] of map) {
    if (!doomed(row)) continue;
    map.delete(k);
    count += 1;
  }
  return count;
}

/**
 * The privacy port over the memory store's tables, with the SQL store's semantics. Every method
 * runs without awaiting in between, so each is as atomic here as its SQL transaction.
 */
export function memoryPrivacy(s: () => MemoryState): PrivacyRepository {
  const wrote = (organisationId: string, author: Authorship) => {
    const tokens = new Set(author.authorTokens);
    return (reply: Reply): boolean =>
      reply.organisationId === organisationId &&
      (reply.authorPersonId === author.personId || tokens.has(reply.authorToken));
  };
  const about =
    (organisationId: string, personId: string) =>
    (entry: { organisationId: string; actorPersonId: string | null; subject: string }): boolean =>
      entry.organisationId === organisationId &&
      (entry.actorPersonId === personId || entry.subject === `person:${personId}`);
  const addressedTo =
    (organisationId: string, personId: string) =>
    (row: Delivery): boolean =>
      row.organisationId === organisationId && row.target.kind === 'person' && row.target.personId === personId;

  return {
    async purge(organisationId, cutoff) {
      const state = s();
      const old = (at: Date) => at.getTime() < cutoff.getTime();
      const replies = sweep(state.replies, (r) => r.organisationId === organisationId && old(r.createdAt));
      const before = state.audit.length;
      state.audit = state.audit.filter((entry) => !(entry.organisationId === organisationId && old(entry.at)));
      const deliveries = sweep(
        state.deliveries,
        (d) => d.organisationId === organisationId && FINISHED.includes(d.status) && old(d.createdAt),
      );
      return { replies, auditEntries: before - state.audit.length, deliveries };
    },

    async purgeInboundEvents(cutoff) {
      return sweep(s().inbound, (seenAt) => seenAt.getTime() < cutoff.getTime());
    },

    async findRepliesBefore(organisationId, cutoff) {
      const old = (r: Reply): boolean =>
        r.organisationId === organisationId && r.createdAt.getTime() < cutoff.getTime();
      return structuredClone([...s().replies.values()].filter(old).sort(byCreated));
    },

    async findReplies(organisationId, author) {
      return structuredClone([...s().replies.values()].filter(wrote(organisationId, author)).sort(byCreated));
    },

    async findAuditEntries(organisationId, personId) {
      // Recording order stands in for SQL's (at, id) order.
      const rows = s()
        .audit.map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => about(organisationId, personId)(entry));
      rows.sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.index - b.index);
      return structuredClone(rows.map(({ entry }) => entry));
    },

    async findDeliveriesTo(organisationId, personId) {
      return structuredClone(
        [...s().deliveries.values()].filter(addressedTo(organisationId, personId)).sort(byCreated),
      );
    },

    async findDeliveriesMentioning(organisationId, needles) {
      // As the SQL store: a substring of the message's JSON text, the needle JSON-escaped.
      const escaped = needles.filter((n) => n !== '').map((n) => JSON.stringify(n).slice(1, -1));
      const rows = [...s().deliveries.values()].filter((row) => {
        if (row.organisationId !== organisationId) return false;
        const json = JSON.stringify(row.message);
        return escaped.some((needle) => json.includes(needle));
      });
      return structuredClone(rows.sort(byCreated));
    },

    async replaceDeliveryMessage(organisationId, id, message) {
      const row = s().deliveries.get(id);
      if (row?.organisationId === organisationId) row.message = structuredClone(message);
    },

    async erasePerson(organisationId, author, at): Promise<ErasureCounts> {
      const state = s();
      const { personId } = author;
      const replyIds = new Set([...state.replies.values()].filter(wrote(organisationId, author)).map((r) => r.id));
      let actionsUnlinked = 0;
      let actionsUnassigned = 0;
      for (const action of state.actions.values()) {
        if (action.organisationId !== organisationId) continue;
        if (action.replyId !== null && replyIds.has(action.replyId)) {
          Object.assign(action, { replyId: null, updatedAt: new Date(at) });
          actionsUnlinked += 1;
        }
        if (action.ownerPersonId === personId) {
          Object.assign(action, { ownerPersonId: null, updatedAt: new Date(at) });
          actionsUnassigned += 1;
        }
      }
      let roundsUnlinked = 0;
      for (const round of state.rounds.values()) {
        if (round.organisationId === organisationId && round.triggeredBy === personId) {
          round.triggeredBy = null;
          roundsUnlinked += 1;
        }
      }
      const replies = sweep(state.replies, (r) => replyIds.has(r.id));
      const deliveries = sweep(state.deliveries, addressedTo(organisationId, personId));
      const auditBefore = state.audit.length;
      state.audit = state.audit.filter((entry) => !about(organisationId, personId)(entry));
      const mine = (row: { organisationId: string; personId: string }) =>
        row.organisationId === organisationId && row.personId === personId;
      let invitationsUnlinked = 0;
      for (const invitation of state.guests.values()) {
        if (invitation.organisationId === organisationId && invitation.invitedBy === personId) {
          invitation.invitedBy = null;
          invitationsUnlinked += 1;
        }
      }
      // The SQL store cascades these with the person row.
      sweep(state.digestSubscriptions, mine);
      const roles = sweep(state.grants, mine);
      const identities = sweep(state.identities, mine);
      if (state.people.get(personId)?.organisationId === organisationId) state.people.delete(personId);
      // Teams conversation references live outside the memory store (memoryTeamsConversations).
      return {
        replies,
        identities,
        roles,
        deliveries,
        auditEntries: auditBefore - state.audit.length,
        actionsUnassigned,
        actionsUnlinked,
        roundsUnlinked,
        teamsConversations: 0,
        invitationsUnlinked,
      };
    },
  };
}
