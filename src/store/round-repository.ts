import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AnswerAudience, Aspect, Round, RoundQuestion, RoundStatus, RoundTrigger } from '../dialogues/model.js';
import type { RoundRepository } from '../dialogues/ports.js';
import { toGrant } from './person-repository.js';
import type { RoundRow } from './schema.js';
import { scopedIds, toJson, type Executor } from './sql-helpers.js';

export function roundRepository(db: Executor): RoundRepository {
  return {
    async create(round) {
      // The unique (schedule_id, team_id, occurrence_at) index makes a scheduled occurrence open
      // at most once, whichever process gets there first.
      const inserted = await db
        .insertInto('rounds')
        .values(roundValues(round))
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('rounds')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toRound(row);
    },

    async getMany(keys) {
      const scope = scopedIds(keys);
      if (scope.ids.length === 0) return [];
      const rows = await db.selectFrom('rounds').selectAll().where('id', 'in', scope.ids).execute();
      return rows.filter((row) => scope.holds(row.organisation_id, row.id)).map(toRound);
    },

    async getForAnswer(organisationId, id, personId) {
      const row = await db
        .selectFrom('rounds')
        .leftJoin('teams', 'teams.id', 'rounds.team_id')
        .selectAll('rounds')
        .select(['teams.id as team_row_id', 'teams.school_id as team_school_id', 'teams.name as team_name'])
        .select((eb) =>
          jsonArrayFrom(
            eb
              .selectFrom('role_grants')
              .selectAll('role_grants')
              .where('role_grants.organisation_id', '=', organisationId)
              .where('role_grants.person_id', '=', personId)
              .orderBy('role_grants.role')
              .orderBy('role_grants.scope_kind')
              .orderBy('role_grants.scope_id'),
          ).as('grants'),
        )
        .where('rounds.organisation_id', '=', organisationId)
        .where('rounds.id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return null;
      const { team_row_id, team_school_id, team_name, grants, ...round } = row;
      const team =
        team_row_id === null || team_school_id === null || team_name === null
          ? null
          : { id: team_row_id, organisationId, schoolId: team_school_id, name: team_name };
      return { round: toRound(round), team, grants: grants.map(toGrant) };
    },

    async list(organisationId, filter = {}) {
      let query = db.selectFrom('rounds').selectAll().where('organisation_id', '=', organisationId);
      if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      query = query.orderBy('opened_at', 'desc').orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map(toRound);
    },

    async listDueToRemind(now) {
      // A round that is about to close gets its summary, not a reminder.
      const rows = await db
        .selectFrom('rounds')
        .selectAll()
        .where('status', '=', 'open')
        .where('reminded_at', 'is', null)
        .where('remind_at', 'is not', null)
        .where('remind_at', '<=', now)
        .where('closes_at', '>', now)
        .orderBy('remind_at')
        .orderBy('id')
        .execute();
      return rows.map(toRound);
    },

    async listDueToClose(now) {
      const rows = await db
        .selectFrom('rounds')
        .selectAll()
        .where('status', '=', 'open')
        .where('closes_at', '<=', now)
        .orderBy('closes_at')
        .orderBy('id')
        .execute();
      return rows.map(toRound);
    },

    async markReminded(organisationId, id, at) {
      // Conditional: of two processes reminding at once, only one sees its row updated.
      const updated = await db
        .updateTable('rounds')
        .set({ reminded_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('reminded_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      return updated !== undefined;
    },

    async markClosed(organisationId, id, at) {
      const updated = await db
        .updateTable('rounds')
        .set({ status: 'closed', closed_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .returning('id')
        .executeTakeFirst();
      return updated !== undefined;
    },
  };
}

function toRound(row: RoundRow): Round {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    teamId: row.team_id,
    templateId: row.template_id,
    scheduleId: row.schedule_id,
    occurrenceAt: row.occurrence_at,
    trigger: row.trigger as RoundTrigger,
    triggeredBy: row.triggered_by,
    theme: row.theme,
    aspect: row.aspect as Aspect,
    questions: row.questions as RoundQuestion[],
    metricKeys: row.metric_keys,
    anonymous: row.anonymous,
    audience: row.audience as AnswerAudience,
    shareWhileOpen: row.share_while_open,
    status: row.status as RoundStatus,
    openedAt: row.opened_at,
    closesAt: row.closes_at,
    remindAt: row.remind_at,
    remindedAt: row.reminded_at,
    closedAt: row.closed_at,
    secondConfirmed: row.second_confirmed,
  };
}

/** A round as the row to insert (also the demo history's bulk insert). */
export function roundValues(round: Round) {
  return {
    id: round.id,
    organisation_id: round.organisationId,
    team_id: round.teamId,
    template_id: round.templateId,
    schedule_id: round.scheduleId,
    occurrence_at: round.occurrenceAt,
    trigger: round.trigger,
    triggered_by: round.triggeredBy,
    theme: round.theme,
    aspect: round.aspect,
    questions: toJson(round.questions),
    metric_keys: toJson(round.metricKeys),
    anonymous: round.anonymous,
    audience: round.audience,
    share_while_open: round.shareWhileOpen,
    status: round.status,
    opened_at: round.openedAt,
    closes_at: round.closesAt,
    remind_at: round.remindAt,
    reminded_at: round.remindedAt,
    closed_at: round.closedAt,
    second_confirmed: round.secondConfirmed,
  };
}
