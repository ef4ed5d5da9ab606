import type { Reply } from '../../src/dialogues/model.js';
import type { ReplyRepository, RoundRepository, Store } from '../../src/dialogues/ports.js';
import { isFormAnswer } from '../../src/store/reply-repository.js';
import { byCreated, copy, getScoped, scoped, text, time, uniqueKeys } from './memory-helpers.js';
import type { MemoryState } from './memory-store.js';

/**
 * Rounds and replies over the memory store's tables, with the SQL store's unique keys and
 * conditional updates. `store` is the store they belong to (grants, inbound event ids).
 */
export function memoryRounds(
  s: () => MemoryState,
  store: () => Store,
): { rounds: RoundRepository; replies: ReplyRepository } {
  return {
    rounds: {
      async create(round) {
        const clash = [...s().rounds.values()].some(
          (row) =>
            row.id === round.id ||
            (round.scheduleId !== null &&
              round.occurrenceAt !== null &&
              row.scheduleId === round.scheduleId &&
              row.teamId === round.teamId &&
              time(row.occurrenceAt) === time(round.occurrenceAt)) ||
            // As the partial unique index: one open round per team unless confirmed as a second.
            (round.status === 'open' &&
              !round.secondConfirmed &&
              row.status === 'open' &&
              !row.secondConfirmed &&
              row.organisationId === round.organisationId &&
              row.teamId === round.teamId),
        );
        if (clash) return false;
        s().rounds.set(round.id, copy(round));
        return true;
      },
      async get(organisationId, id) {
        return getScoped(s().rounds, organisationId, id);
      },
      async getMany(keys) {
        return uniqueKeys(keys).flatMap((key) => getScoped(s().rounds, key.organisationId, key.id) ?? []);
      },
      async getForAnswer(organisationId, id, personId) {
        const round = getScoped(s().rounds, organisationId, id);
        return round === null
          ? null
          : {
              round,
              team: getScoped(s().teams, organisationId, round.teamId),
              grants: await store().people.roles(organisationId, personId),
            };
      },
      async list(organisationId, filter = {}) {
        const rows = scoped(s().rounds, organisationId)
          .filter(
            (row) =>
              (filter.teamId === undefined || row.teamId === filter.teamId) &&
              (filter.status === undefined || row.status === filter.status),
          )
          .sort((a, b) => time(b.openedAt) - time(a.openedAt) || text(b.id, a.id));
        return copy(filter.limit === undefined ? rows : rows.slice(0, filter.limit));
      },
      async listDueToRemind(now) {
        const rows = [...s().rounds.values()].filter(
          (row) =>
            row.status === 'open' &&
            row.remindedAt === null &&
            row.remindAt !== null &&
            time(row.remindAt) <= now.getTime() &&
            time(row.closesAt) > now.getTime(),
        );
        return copy(rows.sort((a, b) => time(a.remindAt) - time(b.remindAt) || text(a.id, b.id)));
      },
      async listDueToClose(now) {
        const rows = [...s().rounds.values()].filter(
          (row) => row.status === 'open' && time(row.closesAt) <= now.getTime(),
        );
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
        const duplicate =
          [...s().replies.values()].find(
            (row) =>
              row.organisationId === reply.organisationId &&
              reply.platform !== null &&
              reply.platformMessageId !== null &&
              row.platform === reply.platform &&
              row.platformMessageId === reply.platformMessageId,
          ) ??
          s().replies.get(reply.id) ??
          [...s().replies.values()].find(
            (row) => isFormAnswer(reply) && isFormAnswer(row) && sameFormAnswer(row, reply),
          );
        if (duplicate !== undefined) return { inserted: false, existing: copy(duplicate) };
        s().replies.set(reply.id, copy(reply));
        return { inserted: true };
      },
      async insertForEvent(reply, event) {
        if (!(await store().inbound.firstSeen(event.platform, event.eventId, event.seenAt))) return 'seen';
        return (await store().replies.insert(reply)).inserted ? 'stored' : 'known';
      },
      async get(organisationId, id) {
        return getScoped(s().replies, organisationId, id);
      },
      async findByPlatformMessage(organisationId, platform, platformMessageId) {
        const row = scoped(s().replies, organisationId).find(
          (r) => r.platform === platform && r.platformMessageId === platformMessageId,
        );
        return copy(row ?? null);
      },
      async findFormAnswer(organisationId, roundId, questionKey, authorToken) {
        const rows = scoped(s().replies, organisationId).filter(
          (r) =>
            r.roundId === roundId &&
            r.questionKey === questionKey &&
            r.authorToken === authorToken &&
            r.source !== 'thread' &&
            r.deletedAt === null,
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
        return copy(
          scoped(s().replies, organisationId)
            .filter((r) => r.roundId === roundId && r.deletedAt === null)
            .sort(byCreated),
        );
      },
    },
  };
}

/** The SQL store's `replies_form_answer_key`: one live form answer per round, question and author. */
function sameFormAnswer(a: Reply, b: Reply): boolean {
  return (
    a.roundId === b.roundId &&
    a.questionKey !== null &&
    a.questionKey === b.questionKey &&
    a.authorToken === b.authorToken
  );
}
