import type { Selectable } from 'kysely';
import type { AuditEntry } from '../dialogues/model.js';
import type { AuditRepository, InboundEventRepository } from '../dialogues/ports.js';
import type { AuditLogTable } from './schema.js';
import { toJson, type Executor } from './sql-helpers.js';

export function auditRepository(db: Executor): AuditRepository {
  return {
    async record(entry) {
      await db
        .insertInto('audit_log')
        .values({
          organisation_id: entry.organisationId,
          actor_person_id: entry.actorPersonId,
          action: entry.action,
          subject: entry.subject,
          details: toJson(entry.details),
          at: entry.at,
        })
        .execute();
    },

    /** Newest first. */
    async list(organisationId, limit = 100) {
      const rows = await db
        .selectFrom('audit_log')
        .select(['organisation_id', 'actor_person_id', 'action', 'subject', 'details', 'at'])
        .where('organisation_id', '=', organisationId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toAuditEntry);
    },
  };
}

export function toAuditEntry(row: Omit<Selectable<AuditLogTable>, 'id'>): AuditEntry {
  return {
    organisationId: row.organisation_id,
    actorPersonId: row.actor_person_id,
    action: row.action,
    subject: row.subject,
    details: row.details,
    at: row.at,
  };
}

export function inboundEventRepository(db: Executor): InboundEventRepository {
  return {
    async firstSeen(platform, eventId, at) {
      const inserted = await db
        .insertInto('inbound_events')
        .values({ platform, event_id: eventId, seen_at: at })
        .onConflict((conflict) => conflict.columns(['platform', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async forget(platform, eventId) {
      await db.deleteFrom('inbound_events').where('platform', '=', platform).where('event_id', '=', eventId).execute();
    },
  };
}
