import type {
  Action,
  ActionStateChange,
  ChannelBinding,
  Identity,
  Organisation,
  Person,
  Reply,
  RoleGrant,
  Round,
  Schedule,
  School,
  Team,
  Template,
  AuditEntry,
} from '../../src/dialogues/model.js';
import type { Delivery, ReadModels, ScheduleRun, Store } from '../../src/dialogues/ports.js';
import { memoryDashboardReads } from './memory-dashboard-reads.js';
import { memoryDigestReads } from './memory-digest-reads.js';
import { memoryDigests } from './memory-digests.js';
import { memoryOutcomes } from './memory-outcomes.js';
import { memoryPrivacy } from './memory-privacy.js';
import type { DigestSubscription } from '../../src/dialogues/digest/subscription.js';
import type { GuestInvitation } from '../../src/dialogues/guests/model.js';
import type { Metric, Snapshot } from '../../src/dialogues/outcomes/model.js';
import { memoryDeliveries } from './memory-deliveries.js';
import { memoryPeople } from './memory-people.js';
import { memoryRounds } from './memory-rounds.js';
import {
  byCreated,
  byName,
  copy,
  defined,
  getScoped,
  insertOnce,
  key,
  scoped,
  scopedRows,
  text,
  time,
  uniqueKeys,
} from './memory-helpers.js';

/**
 * The domain's `Store` in memory, for unit tests. It keeps the SQL store's semantics (unique
 * keys, conditional updates, orderings, organisation scoping) so a use case behaves the same on
 * both; `test/integration` runs one contract suite over this and the SQL store to keep it so.
 * Unlike the SQL store it enforces no foreign keys and does not isolate concurrent transactions:
 * a rolled-back transaction restores the whole state as it was when the transaction began.
 *
 * @example
 * const store = createMemoryStore();
 * await store.organisations.create(anOrganisation());
 */
export function createMemoryStore(): Store {
  const box = { state: emptyState() };
  return bind(box, false);
}

/** The read models over the memory store's tables (the SQL store's `sqlReadModels`). */
export function memoryReadModels(s: () => MemoryState): ReadModels {
  return { ...memoryDigestReads(s), ...memoryDashboardReads(s) };
}

/** The memory store's tables; `memory-privacy.ts` works on them too. */
export type MemoryState = ReturnType<typeof emptyState>;
type State = MemoryState;

function emptyState() {
  return {
    organisations: new Map<string, Organisation>(),
    workspaces: new Map<string, string>(),
    schools: new Map<string, School>(),
    teams: new Map<string, Team>(),
    bindings: new Map<string, ChannelBinding>(),
    people: new Map<string, Person>(),
    identities: new Map<string, Identity>(),
    grants: new Map<string, RoleGrant>(),
    templates: new Map<string, Template>(),
    schedules: new Map<string, Schedule>(),
    runs: new Map<string, ScheduleRun>(),
    rounds: new Map<string, Round>(),
    replies: new Map<string, Reply>(),
    actions: new Map<string, Action>(),
    /** action_history: each recorded state, in the order written. */
    actionHistory: [] as (ActionStateChange & { organisationId: string })[],
    deliveries: new Map<string, Delivery>(),
    audit: [] as AuditEntry[],
    /** When each inbound event id was first seen, so old ids can be purged. */
    inbound: new Map<string, Date>(),
    metrics: new Map<string, Metric>(),
    snapshots: new Map<string, Snapshot>(),
    /** `[roundId, snapshotId]` keys of the snapshots each round carries. */
    roundSnapshots: new Map<string, { organisationId: string; roundId: string; snapshotId: string }>(),
    guests: new Map<string, GuestInvitation>(),
    /** Views added per guest invitation id (a column of guest_invitations in SQL). */
    guestViews: new Map<string, number>(),
    digestSubscriptions: new Map<string, DigestSubscription>(),
    /** Each organisation's own minimum group size (null: the default). */
    digestSettings: new Map<string, number | null>(),
  };
}

function bind(box: { state: State }, inTransaction: boolean): Store {
  const s = (): State => box.state;
  const store: Store = {
    organisations: {
      async create(organisation) {
        insertOnce(s().organisations, organisation);
      },
      async get(id) {
        return copy(s().organisations.get(id) ?? null);
      },
      async getMany(ids) {
        return copy([...new Set(ids)].flatMap((id) => s().organisations.get(id) ?? []));
      },
      async list() {
        return copy([...s().organisations.values()].sort(byCreated));
      },
      async update(id, patch) {
        const row = s().organisations.get(id);
        if (row) Object.assign(row, defined(patch));
      },
    },

    workspaces: {
      async link(platform, workspaceId, organisationId) {
        const existing = s().workspaces.get(key(platform, workspaceId));
        if (existing !== undefined && existing !== organisationId)
          throw new Error(`memory store: ${platform} workspace ${workspaceId} is linked to another organisation`);
        s().workspaces.set(key(platform, workspaceId), organisationId);
      },
      async findOrganisation(platform, workspaceId) {
        return s().workspaces.get(key(platform, workspaceId)) ?? null;
      },
    },

    schools: {
      ...scopedRows(() => s().schools, byName),
      async rename(organisationId, id, name) {
        const school = s().schools.get(id);
        if (school && school.organisationId === organisationId) s().schools.set(id, { ...school, name });
      },
    },

    teams: {
      ...scopedRows(() => s().teams, byName),
      async findByName(organisationId, name) {
        return copy(
          scoped(s().teams, organisationId)
            .filter((team) => team.name.toLowerCase() === name.toLowerCase())
            .sort(byName),
        );
      },
    },

    bindings: {
      async upsert(binding) {
        const existing = [...s().bindings.values()].find(
          (row) =>
            row.platform === binding.platform &&
            row.workspaceId === binding.workspaceId &&
            row.channelId === binding.channelId,
        );
        if (existing === undefined) {
          insertOnce(s().bindings, binding);
          return copy(binding);
        }
        if (existing.organisationId !== binding.organisationId) {
          throw new Error(
            `memory store: channel ${binding.platform}/${binding.workspaceId}/${binding.channelId} is bound in another organisation`,
          );
        }
        Object.assign(existing, { teamId: binding.teamId, name: binding.name, address: copy(binding.address) });
        return copy(existing);
      },
      async get(organisationId, id) {
        return getScoped(s().bindings, organisationId, id);
      },
      async getMany(keys) {
        return uniqueKeys(keys).flatMap((key) => getScoped(s().bindings, key.organisationId, key.id) ?? []);
      },
      async list(organisationId) {
        return copy(scoped(s().bindings, organisationId).sort(byCreated));
      },
      async listByTeam(organisationId, teamId) {
        return copy(
          scoped(s().bindings, organisationId)
            .filter((row) => row.teamId === teamId)
            .sort(byCreated),
        );
      },
      async findByChannel(platform, workspaceId, channelId) {
        const row = [...s().bindings.values()].find(
          (b) => b.platform === platform && b.workspaceId === workspaceId && b.channelId === channelId,
        );
        return copy(row ?? null);
      },
      async remove(organisationId, id) {
        if (getScoped(s().bindings, organisationId, id)) s().bindings.delete(id);
      },
    },

    people: memoryPeople(s),

    templates: {
      ...scopedRows(() => s().templates, byCreated),
    },

    schedules: {
      ...scopedRows(() => s().schedules, byCreated),
      async listActive() {
        return copy([...s().schedules.values()].filter((row) => !row.paused).sort(byCreated));
      },
      async setPaused(organisationId, id, paused) {
        const row = s().schedules.get(id);
        if (row?.organisationId === organisationId) row.paused = paused;
      },
      async update(schedule) {
        const row = s().schedules.get(schedule.id);
        if (row?.organisationId !== schedule.organisationId) return;
        s().schedules.set(schedule.id, copy({ ...schedule, paused: row.paused, createdAt: row.createdAt }));
      },
      async remove(organisationId, id) {
        if (!getScoped(s().schedules, organisationId, id)) return;
        s().schedules.delete(id);
        // As ON DELETE CASCADE in SQL: the runs go with the schedule.
        for (const [k, run] of s().runs) if (run.scheduleId === id) s().runs.delete(k);
      },
      async recordRun(run) {
        const k = key(run.scheduleId, run.occurrenceAt.getTime());
        if (s().runs.has(k)) return false;
        s().runs.set(k, copy(run));
        return true;
      },
      async runs(organisationId, scheduleId) {
        const rows = scoped(s().runs, organisationId).filter((run) => run.scheduleId === scheduleId);
        return copy(rows.sort((a, b) => time(a.occurrenceAt) - time(b.occurrenceAt)));
      },
    },

    ...memoryRounds(s, () => store),

    actions: {
      async create(fresh) {
        // The team's highest number plus one, as the SQL store's insert trigger gives it.
        const mine = [...s().actions.values()].filter(
          (a) => a.organisationId === fresh.organisationId && a.teamId === fresh.teamId,
        );
        const action: Action = { ...fresh, number: Math.max(0, ...mine.map((a) => a.number)) + 1 };
        insertOnce(s().actions, action);
        s().actionHistory.push(historyOf(action, action.createdAt));
        return copy(action);
      },
      async get(organisationId, id) {
        return getScoped(s().actions, organisationId, id);
      },
      async update(organisationId, id, patch) {
        const row = s().actions.get(id);
        if (row?.organisationId !== organisationId) return;
        Object.assign(row, copy(defined(patch)));
        if (patch.status !== undefined || patch.dueOn !== undefined || patch.ownerPersonId !== undefined)
          s().actionHistory.push(historyOf(row, patch.updatedAt));
      },
      async history(organisationId, teamIds, before) {
        const rows = s().actionHistory.filter(
          (h) => h.organisationId === organisationId && teamIds.includes(h.teamId) && h.at.getTime() < before.getTime(),
        );
        return copy(rows.sort((a, b) => a.at.getTime() - b.at.getTime())).map(({ organisationId: _, ...h }) => h);
      },
      async listByTeam(organisationId, teamId, statuses) {
        const rows = scoped(s().actions, organisationId).filter(
          (a) => a.teamId === teamId && (statuses === undefined || statuses.includes(a.status)),
        );
        return copy(rows.sort(byCreated));
      },
      async list(organisationId) {
        return copy(scoped(s().actions, organisationId).sort(byCreated));
      },
      async listOverdue(organisationId, today) {
        const rows = scoped(s().actions, organisationId).filter(
          (a) =>
            (a.status === 'open' || a.status === 'in_progress') &&
            a.remindedAt === null &&
            a.dueOn !== null &&
            a.dueOn < today,
        );
        return copy(rows.sort((a, b) => text(a.dueOn ?? '', b.dueOn ?? '') || text(a.id, b.id)));
      },
    },
    ...memoryOutcomes(s),
    ...memoryDigests(s),
    ...memoryReadModels(s),

    deliveries: memoryDeliveries(s),
    privacy: memoryPrivacy(s),

    audit: {
      async record(entry) {
        s().audit.push(copy(entry));
      },
      async list(organisationId, limit = 100) {
        // Newest first; entries of the same instant in reverse order of recording, as in SQL.
        const rows = s()
          .audit.map((entry, index) => ({ entry, index }))
          .filter(({ entry }) => entry.organisationId === organisationId);
        rows.sort((a, b) => time(b.entry.at) - time(a.entry.at) || b.index - a.index);
        return copy(rows.slice(0, limit).map(({ entry }) => entry));
      },
    },

    history: {
      // One by one through the other tables: the memory store has no statements to save.
      async importHistory(organisationId, history) {
        for (const snapshot of history.snapshots) await store.snapshots.upsert(snapshot);
        for (const round of history.rounds) await store.rounds.create(round);
        for (const reply of history.replies) await store.replies.insert(reply);
        for (const action of history.actions) await store.actions.create(action);
        for (const link of history.roundSnapshots)
          await store.snapshots.linkToRound(organisationId, link.roundId, [link.snapshotId]);
      },
    },

    inbound: {
      async firstSeen(platform, eventId, at) {
        const k = key(platform, eventId);
        if (s().inbound.has(k)) return false;
        s().inbound.set(k, new Date(at));
        return true;
      },
      async forget(platform, eventId) {
        s().inbound.delete(key(platform, eventId));
      },
    },

    async transaction(work) {
      if (inTransaction) return work(store);
      const before = structuredClone(box.state);
      try {
        return await work(bind(box, true));
      } catch (error) {
        box.state = before;
        throw error;
      }
    },
  };
  return store;
}

function historyOf(action: Action, at: Date): ActionStateChange & { organisationId: string } {
  return {
    organisationId: action.organisationId,
    actionId: action.id,
    teamId: action.teamId,
    at,
    status: action.status,
    dueOn: action.dueOn,
    hasOwner: action.ownerPersonId !== null,
  };
}
