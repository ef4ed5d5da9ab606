import { subjectKey, type Snapshot } from '../../src/dialogues/outcomes/model.js';
import type { GuestInvitationRepository, MetricRepository, SnapshotRepository } from '../../src/dialogues/ports.js';
import { copy, text } from './memory-helpers.js';
import type { MemoryState } from './memory-store.js';

const snapshotKey = (s: Pick<Snapshot, 'organisationId' | 'metricKey' | 'subject' | 'period'>): string =>
  JSON.stringify([s.organisationId, s.metricKey, subjectKey(s.subject), s.period]);
const bySubjectPeriod = (a: Snapshot, b: Snapshot): number =>
  text(a.metricKey, b.metricKey) || text(subjectKey(a.subject), subjectKey(b.subject)) || text(a.period, b.period);

/** The outcome and guest-invitation repositories over the memory store's tables, with the SQL store's semantics. */
export function memoryOutcomes(s: () => MemoryState): {
  metrics: MetricRepository;
  snapshots: SnapshotRepository;
  guests: GuestInvitationRepository;
} {
  const metrics: MetricRepository = {
    async upsert(metric) {
      const existing = [...s().metrics.values()].find(
        (m) => m.organisationId === metric.organisationId && m.key === metric.key,
      );
      if (existing === undefined) {
        s().metrics.set(metric.id, copy(metric));
        return 'created';
      }
      const { name, unit, higherIsBetter, target, triggersRound, updatedAt } = copy(metric);
      Object.assign(existing, { name, unit, higherIsBetter, target, triggersRound, updatedAt });
      return 'updated';
    },
    async get(organisationId, key) {
      return copy([...s().metrics.values()].find((m) => m.organisationId === organisationId && m.key === key) ?? null);
    },
    async list(organisationId) {
      return copy(
        [...s().metrics.values()].filter((m) => m.organisationId === organisationId).sort((a, b) => text(a.key, b.key)),
      );
    },
  };

  const snapshots: SnapshotRepository = {
    async upsert(snapshot) {
      if (
        ![...s().metrics.values()].some(
          (m) => m.organisationId === snapshot.organisationId && m.key === snapshot.metricKey,
        )
      ) {
        throw new Error(`memory store: no metric ${snapshot.metricKey}`);
      }
      const existing = [...s().snapshots.values()].find((row) => snapshotKey(row) === snapshotKey(snapshot));
      if (existing === undefined) {
        s().snapshots.set(snapshot.id, copy(snapshot));
        return 'created';
      }
      const { value, target, groupSize, source, updatedAt } = copy(snapshot);
      Object.assign(existing, { value, target, groupSize, source, updatedAt });
      return 'updated';
    },
    async get(organisationId, id) {
      const row = s().snapshots.get(id);
      return row?.organisationId === organisationId ? copy(row) : null;
    },
    async list(organisationId, filter = {}) {
      const rows = [...s().snapshots.values()].filter(
        (row) =>
          row.organisationId === organisationId &&
          (filter.metricKey === undefined || row.metricKey === filter.metricKey) &&
          (filter.subject === undefined || subjectKey(row.subject) === subjectKey(filter.subject)),
      );
      return copy(rows.sort(bySubjectPeriod));
    },
    async linkToRound(organisationId, roundId, snapshotIds) {
      for (const snapshotId of snapshotIds)
        s().roundSnapshots.set(JSON.stringify([roundId, snapshotId]), { organisationId, roundId, snapshotId });
    },
    async listForRound(organisationId, roundId) {
      const ids = [...s().roundSnapshots.values()]
        .filter((l) => l.organisationId === organisationId && l.roundId === roundId)
        .map((l) => l.snapshotId);
      const rows = ids
        .map((id) => s().snapshots.get(id))
        .filter((row): row is Snapshot => row !== undefined && row.organisationId === organisationId);
      return copy(rows.sort(bySubjectPeriod));
    },
    async markTriggered(organisationId, id, at) {
      const row = s().snapshots.get(id);
      if (row?.organisationId !== organisationId || row.triggeredAt !== null) return false;
      row.triggeredAt = new Date(at);
      return true;
    },
  };

  const guests: GuestInvitationRepository = {
    async create(invitation) {
      if (s().guests.has(invitation.id)) throw new Error(`memory store: duplicate id ${invitation.id}`);
      s().guests.set(invitation.id, copy(invitation));
    },
    async get(organisationId, id) {
      const row = s().guests.get(id);
      return row?.organisationId === organisationId ? copy(row) : null;
    },
    async listByRound(organisationId, roundId) {
      const rows = [...s().guests.values()].filter((g) => g.organisationId === organisationId && g.roundId === roundId);
      return copy(rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || text(a.id, b.id)));
    },
    async revoke(organisationId, id, at) {
      const row = s().guests.get(id);
      if (row?.organisationId !== organisationId || row.revokedAt !== null) return false;
      row.revokedAt = new Date(at);
      return true;
    },
    async claimViewSlot(organisationId, id, max) {
      if (s().guests.get(id)?.organisationId !== organisationId) return false;
      const count = s().guestViews.get(id) ?? 0;
      if (count >= max) return false;
      s().guestViews.set(id, count + 1);
      return true;
    },
    async markUsed(organisationId, id, at) {
      const row = s().guests.get(id);
      if (row?.organisationId === organisationId) row.lastUsedAt = new Date(at);
    },
  };

  return { metrics, snapshots, guests };
}
