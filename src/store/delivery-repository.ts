import type { OutgoingMessage } from '../dialogues/messages.js';
import type { Locale, Platform } from '../dialogues/model.js';
import type {
  Delivery,
  DeliveryPurpose,
  DeliveryRepository,
  DeliveryStatus,
  DeliveryTarget,
} from '../dialogues/ports.js';
import type { DeliveryRow } from './schema.js';
import { toJson, type Executor } from './sql-helpers.js';

export function deliveryRepository(db: Executor): DeliveryRepository {
  return {
    async enqueue(delivery) {
      const inserted = await db
        .insertInto('deliveries')
        .values({
          id: delivery.id,
          organisation_id: delivery.organisationId,
          dedupe_key: delivery.dedupeKey,
          round_id: delivery.roundId,
          purpose: delivery.purpose,
          ...targetColumns(delivery.target),
          message: toJson(delivery.message),
          locale: delivery.locale,
          thread_of: delivery.threadOf,
          status: delivery.status,
          attempts: delivery.attempts,
          next_attempt_at: delivery.nextAttemptAt,
          lease_until: delivery.leaseUntil,
          last_error: delivery.lastError,
          posted_ref: delivery.postedRef,
          created_at: delivery.createdAt,
          sent_at: delivery.sentAt,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toDelivery(row);
    },

    async findByKey(organisationId, dedupeKey) {
      const row = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('dedupe_key', '=', dedupeKey)
        .executeTakeFirst();
      return row === undefined ? null : toDelivery(row);
    },

    async list(organisationId, filter = {}) {
      if (filter.statuses !== undefined && filter.statuses.length === 0) return [];
      let query = db.selectFrom('deliveries').selectAll().where('organisation_id', '=', organisationId);
      if (filter.statuses !== undefined) query = query.where('status', 'in', filter.statuses);
      if (filter.roundId !== undefined) query = query.where('round_id', '=', filter.roundId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toDelivery);
    },

    async claimDue(now, limit, leaseMs) {
      if (limit <= 0) return [];
      // One statement: the CTE locks the due rows, skipping rows another worker holds, and the
      // UPDATE claims exactly those. A row committed by another worker meanwhile is re-checked
      // against the WHERE before it is locked, so it is never claimed twice.
      const rows = await db
        .with('due', (qb) =>
          qb
            .selectFrom('deliveries')
            .select('id')
            .where((eb) =>
              eb.or([
                eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
                eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
              ]),
            )
            .orderBy('next_attempt_at')
            .orderBy('id')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .updateTable('deliveries')
        .from('due')
        .set((eb) => ({
          status: 'sending',
          lease_until: new Date(now.getTime() + leaseMs),
          attempts: eb('deliveries.attempts', '+', 1),
        }))
        .whereRef('deliveries.id', '=', 'due.id')
        .returningAll('deliveries')
        .execute();
      // RETURNING has no order of its own.
      return rows.map(toDelivery).sort(byDueTime);
    },

    async markSent(id, postedRef, at) {
      await db
        .updateTable('deliveries')
        .set({ status: 'sent', posted_ref: postedRef, sent_at: at, lease_until: null, last_error: null })
        .where('id', '=', id)
        .execute();
    },

    async reschedule(id, nextAttemptAt, error) {
      await db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: nextAttemptAt, last_error: error, lease_until: null })
        .where('id', '=', id)
        .execute();
    },

    async release(id, nextAttemptAt) {
      // The claim added an attempt that never reached the platform; give it back.
      await db
        .updateTable('deliveries')
        .set((eb) => ({
          status: 'pending',
          next_attempt_at: nextAttemptAt,
          lease_until: null,
          attempts: eb.fn('greatest', [eb('attempts', '-', 1), eb.lit(0)]),
        }))
        .where('id', '=', id)
        .execute();
    },

    async finish(id, status, error) {
      await db
        .updateTable('deliveries')
        .set({ status, last_error: error, lease_until: null })
        .where('id', '=', id)
        .execute();
    },

    async requeue(organisationId, id, at) {
      // A coordinator's "send again" starts a fresh series of attempts, so the worker's retry
      // budget does not end it at once; the last error stays visible until it is sent.
      const updated = await db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: at, attempts: 0, lease_until: null })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('status', 'in', ['failed', 'unclear'])
        .returning('id')
        .executeTakeFirst();
      return updated !== undefined;
    },

    async findPromptByPost(bindingId, postedRef) {
      const row = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('target_binding_id', '=', bindingId)
        .where('posted_ref', '=', postedRef)
        .where('purpose', '=', 'prompt')
        .orderBy('created_at')
        .executeTakeFirst();
      return row === undefined ? null : toDelivery(row);
    },
  };
}

function byDueTime(a: Delivery, b: Delivery): number {
  return a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function targetColumns(target: DeliveryTarget) {
  return target.kind === 'channel'
    ? { target_kind: 'channel', target_binding_id: target.bindingId, target_person_id: null, target_platform: null }
    : {
        target_kind: 'person',
        target_binding_id: null,
        target_person_id: target.personId,
        target_platform: target.platform,
      };
}

function toTarget(row: DeliveryRow): DeliveryTarget {
  if (row.target_kind === 'channel' && row.target_binding_id !== null)
    return { kind: 'channel', bindingId: row.target_binding_id };
  if (row.target_kind === 'person' && row.target_person_id !== null && row.target_platform !== null) {
    return { kind: 'person', personId: row.target_person_id, platform: row.target_platform as Platform };
  }
  // The deliveries_target_check constraint rules this out.
  throw new Error(`store: delivery ${row.id} has an incomplete target`);
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    dedupeKey: row.dedupe_key,
    roundId: row.round_id,
    purpose: row.purpose as DeliveryPurpose,
    target: toTarget(row),
    message: row.message as unknown as OutgoingMessage,
    locale: row.locale as Locale,
    threadOf: row.thread_of,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    postedRef: row.posted_ref,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
