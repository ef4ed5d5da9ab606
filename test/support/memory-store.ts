import type { Action, ChannelBinding, Identity, Organisation, Person, Reply, RoleGrant, Round, Schedule, School, Team, Template, AuditEntry } from '../../src/dialogues/model.js';
import type { Delivery, ScheduleRun, Store } from '../../src/dialogues/ports.js';
import { memoryDashboardReads } from './memory-dashboard-reads.js';
import { memoryDigestReads } from './memory-digest-reads.js';
import { memoryDigests } from './memory-digests.js';
import { memoryOutcomes } from './memory-outcomes.js';
import { memoryPrivacy } from './memory-privacy.js';
import type { DigestSubscription } from '../../src/dialogues/digest/subscription.js';
import type { GuestInvitation } from '../../src/dialogues/guests/model.js';
import type { Metric, Snapshot } from '../../src/dialogues/outcomes/model.js';
import { isFormAnswer } from '../../src/store/reply-repository.js';
import { memoryDeliveries } from './memory-deliveries.js';
import { byCreated, byName, copy, defined, getScoped, insertOnce, key, scoped, text, time } from './memory-helpers.js';

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
    deliveries: new Map<string, Delivery>(),
    audit: [] as AuditEntry[],
    /** When each inbound event id was first seen, so old ids can be purged. */
    inbound: new Map<string, Date>(),
    metrics: new Map<string, Metric>(),
    snapshots: new Map<string, Snapshot>(),
    /** `[roundId, snapshotId]` keys of the snapshots each round carries. */
    roundSnapshots: new Map<string, { organisationId: string; roundId: string; snapshotId: string }>(),
    guests: new Map<string, GuestInvitation>(),
    digestSubscriptions: new Map<string, DigestSubscription>(),
    /** Each organisation's own minimum group size (null: the default). */
    digestSettings: new Map<string, number | null>(),
  };
}

const scopeKey = (grant: RoleGrant): string =>
  key(grant.personId, grant.role, grant.scope.kind, grant.scope.kind === 'school' ? grant.scope.schoolId : grant.scope.kind === 'team' ? grant.scope.teamId : '');

function bind(box: { state: State }, inTransaction: boolean): Store {
  const s = (): State => box.state;
  const store: Store = {
    organisations: {
      async create(organisation) { insertOnce(s().organisations, organisation); },
      async get(id) { return copy(s().organisations.get(id) ?? null); },
      async list() { return copy([...s().organisations.values()].sort(byCreated)); },
      async update(id, patch) {
        const row = s().organisations.get(id);
        if (row) Object.assign(row, defined(patch));
      },
    },

    workspaces: {
      async link(platform, workspaceId, organisationId) {
        const existing = s().workspaces.get(key(platform, workspaceId));
        if (existing !== undefined && existing !== organisationId) throw new Error(`memory store: ${platform} workspace ${workspaceId} is linked to another organisation`);
        s().workspaces.set(key(platform, workspaceId), organisationId);
      },
      async findOrganisation(platform, workspaceId) { return s().workspaces.get(key(platform, workspaceId)) ?? null; },
    },

    schools: {
      async create(school) { insertOnce(s().schools, school); },
      async get(organisationId, id) { return getScoped(s().schools, organisationId, id); },
      async list(organisationId) { return copy(scoped(s().schools, organisationId).sort(byName)); },
    },

    teams: {
      async create(team) { insertOnce(s().teams, team); },
      async get(organisationId, id) { return getScoped(s().teams, organisationId, id); },
      async list(organisationId) { return copy(scoped(s().teams, organisationId).sort(byName)); },
      async findByName(organisationId, name) {
        return copy(scoped(s().teams, organisationId).filter((team) => team.name.toLowerCase() === name.toLowerCase()).sort(byName));
      },
    },

    bindings: {
      async upsert(binding) {
        const existing = [...s().bindings.values()].find(
          (row) => row.platform === binding.platform && row.workspaceId === binding.workspaceId && row.channelId === binding.channelId,
        );
        if (existing === undefined) {
          insertOnce(s().bindings, binding);
          return copy(binding);
        }
        if (existing.organisationId !== binding.organisationId) {
          throw new Error(`memory store: channel ${binding.platform}/${binding.workspaceId}/${binding.channelId} is bound in another organisation`);
        }
        Object.assign(existing, { teamId: binding.teamId, name: binding.name, address: copy(binding.address) });
        return copy(existing);
      },
      async get(organisationId, id) { return getScoped(s().bindings, organisationId, id); },
      async list(organisationId) { return copy(scoped(s().bindings, organisationId).sort(byCreated)); },
      async listByTeam(organisationId, teamId) {
        return copy(scoped(s().bindings, organisationId).filter((row) => row.teamId === teamId).sort(byCreated));
      },
      async findByChannel(platform, workspaceId, channelId) {
        const row = [...s().bindings.values()].find((b) => b.platform === platform && b.workspaceId === workspaceId && b.channelId === channelId);
        return copy(row ?? null);
      },
      async remove(organisationId, id) {
        if (getScoped(s().bindings, organisationId, id)) s().bindings.delete(id);
      },
    },

    people: {
      async create(person) { insertOnce(s().people, person); },
      async get(organisationId, id) { return getScoped(s().people, organisationId, id); },
      async list(organisationId) { return copy(scoped(s().people, organisationId).sort(byCreated)); },
      async update(organisationId, id, patch) {
        const row = s().people.get(id);
        if (row?.organisationId === organisationId) Object.assign(row, defined(patch));
      },
      async findByIdentity(platform, workspaceId, userId) {
        const identity = s().identities.get(key(platform, workspaceId, userId));
        return copy(identity === undefined ? null : (s().people.get(identity.personId) ?? null));
      },
      async addIdentity(identity) {
        const k = key(identity.platform, identity.workspaceId, identity.userId);
        if (!s().identities.has(k)) s().identities.set(k, copy(identity));
      },
      async identities(organisationId, personId) {
        const rows = scoped(s().identities, organisationId).filter((row) => row.personId === personId);
        return copy(rows.sort((a, b) => text(a.platform, b.platform) || text(a.workspaceId, b.workspaceId) || text(a.userId, b.userId)));
      },
      async grantRole(grant) {
        if (!s().grants.has(scopeKey(grant))) s().grants.set(scopeKey(grant), copy(grant));
      },
      async revokeRole(grant) {
        const existing = s().grants.get(scopeKey(grant));
        if (existing?.organisationId === grant.organisationId) s().grants.delete(scopeKey(grant));
      },
      async roles(organisationId, personId) {
        return copy(sortGrants(scoped(s().grants, organisationId).filter((grant) => grant.personId === personId)));
      },
      async listByRole(organisationId, role) {
        return copy(sortGrants(scoped(s().grants, organisationId).filter((grant) => grant.role === role)));
      },
    },

    templates: {
      async create(template) { insertOnce(s().templates, template); },
      async get(organisationId, id) { return getScoped(s().templates, organisationId, id); },
      async list(organisationId) { return copy(scoped(s().templates, organisationId).sort(byCreated)); },
    },

    schedules: {
      async create(schedule) { insertOnce(s().schedules, schedule); },
      async get(organisationId, id) { return getScoped(s().schedules, organisationId, id); },
      async list(organisationId) { return copy(scoped(s().schedules, organisationId).sort(byCreated)); },
      async listActive() { return copy([...s().schedules.values()].filter((row) => !row.paused).sort(byCreated)); },
      async setPaused(organisationId, id, paused) {
        const row = s().schedules.get(id);
        if (row?.organisationId === organisationId) row.paused = paused;
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

    rounds: {
      async create(round) {
        const clash = [...s().rounds.values()].some(
          (row) =>
            row.id === round.id ||
            (round.scheduleId !== null && round.occurrenceAt !== null && row.scheduleId === round.scheduleId &&
              row.teamId === round.teamId && time(row.occurrenceAt) === time(round.occurrenceAt)),
        );
        if (clash) return false;
        s().rounds.set(round.id, copy(round));
        return true;
      },
      async get(organisationId, id) { return getScoped(s().rounds, organisationId, id); },
      async getForAnswer(organisationId, id, personId) {
        const round = getScoped(s().rounds, organisationId, id);
        return round === null ? null : { round, team: getScoped(s().teams, organisationId, round.teamId), grants: await store.people.roles(organisationId, personId) };
      },
      async list(organisationId, filter = {}) {
        const rows = scoped(s().rounds, organisationId)
          .filter((row) => (filter.teamId === undefined || row.teamId === filter.teamId) && (filter.status === undefined || row.status === filter.status))
          .sort((a, b) => time(b.openedAt) - time(a.openedAt) || text(b.id, a.id));
        return copy(filter.limit === undefined ? rows : rows.slice(0, filter.limit));
      },
      async listDueToRemind(now) {
        const rows = [...s().rounds.values()].filter(
          (row) => row.status === 'open' && row.remindedAt === null && row.remindAt !== null && time(row.remindAt) <= now.getTime() && time(row.closesAt) > now.getTime(),
        );
        return copy(rows.sort((a, b) => time(a.remindAt) - time(b.remindAt) || text(a.id, b.id)));
      },
      async listDueToClose(now) {
        const rows = [...s().rounds.values()].filter((row) => row.status === 'open' && time(row.closesAt) <= now.getTime());
        return copy(rows.sort((a, b) => time(a.closesAt) - time(b.closesAt) || text(a.id, b.id)));
      },
      async markReminded(organisationId, id, at) {
        const row = s().rounds.get(id);
        if (row?.organisationId !== organisationId || row.remindedAt !== null) return false;
        row.remindedAt = new Date(at);
        return true;
      },
      async markClosed(organisationId, id, at) {
        const row = s().rounds.get(id);
        if (row?.organisationId !== organisationId || row.status !== 'open') return false;
        Object.assign(row, { status: 'closed', closedAt: new Date(at) });
        return true;
      },
    },

    replies: {
      async insert(reply) {
        const duplicate = [...s().replies.values()].find(
          (row) =>
            row.organisationId === reply.organisationId && reply.platform !== null && reply.platformMessageId !== null &&
            row.platform === reply.platform && row.platformMessageId === reply.platformMessageId,
        ) ?? s().replies.get(reply.id) ?? [...s().replies.values()].find((row) => isFormAnswer(reply) && isFormAnswer(row) && sameFormAnswer(row, reply));
        if (duplicate !== undefined) return { inserted: false, existing: copy(duplicate) };
        s().replies.set(reply.id, copy(reply));
        return { inserted: true };
      },
      async insertForEvent(reply, event) {
        if (!(await store.inbound.firstSeen(event.platform, event.eventId, event.seenAt))) return 'seen';
        return (await store.replies.insert(reply)).inserted ? 'stored' : 'known';
      },
      async get(organisationId, id) { return getScoped(s().replies, organisationId, id); },
      async findByPlatformMessage(organisationId, platform, platformMessageId) {
        const row = scoped(s().replies, organisationId).find((r) => r.platform === platform && r.platformMessageId === platformMessageId);
        return copy(row ?? null);
      },
      async findFormAnswer(organisationId, roundId, questionKey, authorToken) {
        const rows = scoped(s().replies, organisationId).filter(
          (r) => r.roundId === roundId && r.questionKey === questionKey && r.authorToken === authorToken && r.source !== 'thread' && r.deletedAt === null,
        );
        return copy(rows.sort((a, b) => -byCreated(a, b))[0] ?? null);
      },
      async update(organisationId, id, patch) {
        const row = s().replies.get(id);
        if (row?.organisationId === organisationId) Object.assign(row, copy(patch));
      },
      async markDeleted(organisationId, id, at) {
        const row = s().replies.get(id);
        if (row?.organisationId === organisationId && row.deletedAt === null) row.deletedAt = new Date(at);
      },
      async listByRound(organisationId, roundId) {
        return copy(scoped(s().replies, organisationId).filter((r) => r.roundId === roundId && r.deletedAt === null).sort(byCreated));
      },
    },

    actions: {
      async create(action) { insertOnce(s().actions, action); },
      async get(organisationId, id) { return getScoped(s().actions, organisationId, id); },
      async update(organisationId, id, patch) {
        const row = s().actions.get(id);
        if (row?.organisationId === organisationId) Object.assign(row, copy(defined(patch)));
      },
      async listByTeam(organisationId, teamId, statuses) {
        const rows = scoped(s().actions, organisationId).filter((a) => a.teamId === teamId && (statuses === undefined || statuses.includes(a.status)));
        return copy(rows.sort(byCreated));
      },
      async list(organisationId) { return copy(scoped(s().actions, organisationId).sort(byCreated)); },
      async listOverdue(organisationId, today) {
        const rows = scoped(s().actions, organisationId).filter(
          (a) => (a.status === 'open' || a.status === 'in_progress') && a.remindedAt === null && a.dueOn !== null && a.dueOn < today,
        );
        return copy(rows.sort((a, b) => text(a.dueOn ?? '', b.dueOn ?? '') || text(a.id, b.id)));
      },
    },
    ...memoryOutcomes(s),
    ...memoryDigests(s),
    ...memoryDigestReads(s),
    ...memoryDashboardReads(s),

    deliveries: memoryDeliveries(s),
    privacy: memoryPrivacy(s),

    audit: {
      async record(entry) { s().audit.push(copy(entry)); },
      async list(organisationId, limit = 100) {
        // Newest first; entries of the same instant in reverse order of recording, as in SQL.
        const rows = s().audit.map((entry, index) => ({ entry, index })).filter(({ entry }) => entry.organisationId === organisationId);
        rows.sort((a, b) => time(b.entry.at) - time(a.entry.at) || b.index - a.index);
        return copy(rows.slice(0, limit).map(({ entry }) => entry));
      },
    },

    inbound: {
      async firstSeen(platform, eventId, at) {
        const k = key(platform, eventId);
        if (s().inbound.has(k)) return false;
        s().inbound.set(k, new Date(at));
        return true;
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

/** The SQL store's `replies_form_answer_key`: one live form answer per round, question and author. */
function sameFormAnswer(a: Reply, b: Reply): boolean {
  return a.roundId === b.roundId && a.questionKey !== null && a.questionKey === b.questionKey && a.authorToken === b.authorToken;
}

function sortGrants(grants: RoleGrant[]): RoleGrant[] {
  const id = (g: RoleGrant) => (g.scope.kind === 'school' ? g.scope.schoolId : g.scope.kind === 'team' ? g.scope.teamId : '');
  return grants.sort((a, b) => text(a.personId, b.personId) || text(a.role, b.role) || text(a.scope.kind, b.scope.kind) || text(id(a), id(b)));
}
