import type { Action, ActionStatus } from '../dialogues/model.js';
import type { ActionRepository } from '../dialogues/ports.js';
import type { ActionRow } from './schema.js';
import { definedOnly, type Executor } from './sql-helpers.js';

export function actionRepository(db: Executor): ActionRepository {
  return {
    async create(action) {
      await db
        .insertInto('actions')
        .values({
          id: action.id,
          organisation_id: action.organisationId,
          team_id: action.teamId,
          round_id: action.roundId,
          reply_id: action.replyId,
          title: action.title,
          owner_person_id: action.ownerPersonId,
          due_on: action.dueOn,
          status: action.status,
          created_at: action.createdAt,
          updated_at: action.updatedAt,
          reminded_at: action.remindedAt,
        })
        .execute();
    },

    async get(organisationId, id) {
      const row = await db.selectFrom('actions').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : toAction(row);
    },

    async update(organisationId, id, patch) {
      const set = definedOnly({
        title: patch.title,
        owner_person_id: patch.ownerPersonId,
        due_on: patch.dueOn,
        status: patch.status,
        reminded_at: patch.remindedAt,
        updated_at: patch.updatedAt,
      });
      await db.updateTable('actions').set(set).where('organisation_id', '=', organisationId).where('id', '=', id).execute();
    },

    async listByTeam(organisationId, teamId, statuses) {
      if (statuses !== undefined && statuses.length === 0) return [];
      let query = db.selectFrom('actions').selectAll().where('organisation_id', '=', organisationId).where('team_id', '=', teamId);
      if (statuses !== undefined) query = query.where('status', 'in', statuses);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toAction);
    },

    async listOverdue(organisationId, today) {
      const rows = await db
        .selectFrom('actions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('status', 'in', ['open', 'in_progress'])
        .where('reminded_at', 'is', null)
        .where('due_on', '<', today)
        .orderBy('due_on')
        .orderBy('id')
        .execute();
      return rows.map(toAction);
    },

    async list(organisationId) {
      const rows = await db.selectFrom('actions').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toAction);
    },
  };
}

function toAction(row: ActionRow): Action {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    teamId: row.team_id,
    roundId: row.round_id,
    replyId: row.reply_id,
    title: row.title,
    ownerPersonId: row.owner_person_id,
    dueOn: row.due_on,
    status: row.status as ActionStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    remindedAt: row.reminded_at,
  };
}
