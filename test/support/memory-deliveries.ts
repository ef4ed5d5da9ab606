import type { Delivery, Store } from '../../src/dialogues/ports.js';
import { byCreated, copy, getScoped, scoped, text, time } from './memory-helpers.js';
import type { MemoryState } from './memory-store.js';

/** The delivery table in memory, with the SQL store's claim, lease and dedupe semantics. */
export function memoryDeliveries(s: () => MemoryState): Store['deliveries'] {
  const update = (id: string, patch: Partial<Delivery>): void => {
    const row = s().deliveries.get(id);
    if (row) Object.assign(row, patch);
  };
  return {
    async enqueue(delivery) {
      if (
        s().deliveries.has(delivery.id) ||
        [...s().deliveries.values()].some((row) => row.dedupeKey === delivery.dedupeKey)
      )
        return false;
      s().deliveries.set(delivery.id, copy(delivery));
      return true;
    },
    async get(organisationId, id) {
      return getScoped(s().deliveries, organisationId, id);
    },
    async findByKey(organisationId, dedupeKey) {
      return copy(scoped(s().deliveries, organisationId).find((row) => row.dedupeKey === dedupeKey) ?? null);
    },
    async list(organisationId, filter = {}) {
      const rows = scoped(s().deliveries, organisationId).filter(
        (row) =>
          (filter.statuses === undefined || filter.statuses.includes(row.status)) &&
          (filter.roundId === undefined || row.roundId === filter.roundId),
      );
      return copy(rows.sort(byCreated));
    },
    async claimDue(now, limit, leaseMs) {
      const due = [...s().deliveries.values()]
        .filter(
          (row) =>
            (row.status === 'pending' && time(row.nextAttemptAt) <= now.getTime()) ||
            (row.status === 'sending' && time(row.leaseUntil) < now.getTime()),
        )
        .sort((a, b) => time(a.nextAttemptAt) - time(b.nextAttemptAt) || text(a.id, b.id))
        .slice(0, Math.max(limit, 0));
      for (const row of due)
        Object.assign(row, {
          status: 'sending',
          leaseUntil: new Date(now.getTime() + leaseMs),
          attempts: row.attempts + 1,
        });
      return copy(due);
    },
    async markSent(id, postedRef, at) {
      update(id, { status: 'sent', postedRef, sentAt: new Date(at), leaseUntil: null, lastError: null });
    },
    async reschedule(id, nextAttemptAt, error) {
      update(id, { status: 'pending', nextAttemptAt: new Date(nextAttemptAt), lastError: error, leaseUntil: null });
    },
    async release(id, nextAttemptAt) {
      const row = s().deliveries.get(id);
      if (row)
        Object.assign(row, {
          status: 'pending',
          nextAttemptAt: new Date(nextAttemptAt),
          leaseUntil: null,
          attempts: Math.max(row.attempts - 1, 0),
        });
    },
    async finish(id, status, error) {
      update(id, { status, lastError: error, leaseUntil: null });
    },
    async requeue(organisationId, id, at) {
      const row = s().deliveries.get(id);
      if (row?.organisationId !== organisationId || (row.status !== 'failed' && row.status !== 'unclear')) return false;
      Object.assign(row, { status: 'pending', nextAttemptAt: new Date(at), attempts: 0, leaseUntil: null });
      return true;
    },
    async findPromptByPost(bindingId, postedRef) {
      const rows = [...s().deliveries.values()].filter(
        (row) =>
          row.purpose === 'prompt' &&
          row.target.kind === 'channel' &&
          row.target.bindingId === bindingId &&
          row.postedRef === postedRef,
      );
      return copy(rows.sort(byCreated)[0] ?? null);
    },
  };
}
