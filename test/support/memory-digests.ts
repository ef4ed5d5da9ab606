import type { DigestRepository, DigestSubscription } from '../../src/dialogues/digest/subscription.js';
import { copy } from './memory-helpers.js';
import type { MemoryState } from './memory-store.js';

/** The digest repository over the memory store's tables, with the SQL store's semantics. */
export function memoryDigests(s: () => MemoryState): { digests: DigestRepository } {
  const sameTarget = (a: DigestSubscription, b: DigestSubscription) =>
    a.organisationId === b.organisationId && a.personId === b.personId && a.bindingId === b.bindingId;
  return {
    digests: {
      async upsertSubscription(subscription) {
        const existing = [...s().digestSubscriptions.values()].find((row) => sameTarget(row, subscription));
        if (existing)
          Object.assign(existing, {
            schoolId: subscription.schoolId ?? null,
            weekday: subscription.weekday,
            hour: subscription.hour,
            minute: subscription.minute,
          });
        else
          s().digestSubscriptions.set(
            subscription.id,
            copy({ ...subscription, schoolId: subscription.schoolId ?? null }),
          );
      },
      async listSubscriptions(organisationId) {
        return copy(
          [...s().digestSubscriptions.values()]
            .filter((row) => row.organisationId === organisationId)
            .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)),
        );
      },
      async removeSubscription(organisationId, id) {
        const row = s().digestSubscriptions.get(id);
        if (!row || row.organisationId !== organisationId) return false;
        return s().digestSubscriptions.delete(id);
      },
      async minGroupSize(organisationId) {
        return s().digestSettings.get(organisationId) ?? null;
      },
      async setMinGroupSize(organisationId, value) {
        s().digestSettings.set(organisationId, value);
      },
    },
  };
}
