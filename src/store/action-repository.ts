import { sql } from 'kysely';
import type { Action, ActionStatus, NewAction } from '../dialogues/model.js';
import type { ActionRepository } from '../dialogues/ports.js';
import type { ActionRow } from './schema.js';
import { definedOnly, type Executor } from './sql-helpers.js';

/** The columns a changed action's state is recorded from, in `action_history`'s order. */
const HISTORY_COLUMNS = ['organisation_id', 'action_id', 'at', 'status', 'due_on', 'has_owner'] as const;

export function actionRepository(db: Executor): ActionRepository {
  return {
    // Each write and its history row are one statement (a data-modifying CTE): never one without the other.
    async create(action) {
      const numbers = await insertActions(db, [actionValues(action)]);
      return { ...action, number: numbers[0] ?? 0 };
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('actions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
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
      const update = db
        .updateTable('actions')
        .set(set)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id);
      const followUp = patch.status !== undefined || patch.dueOn !== undefined || patch.ownerPersonId !== undefined;
      if (!followUp) return void (await update.execute());
      await db
        .with('changed', () =>
          update.returning(['organisation_id', 'id', 'updated_at', 'status', 'due_on', 'owner_person_id']),
        )
        .insertInto('action_history')
        .columns(HISTORY_COLUMNS)
        .expression((q) => q.selectFrom('changed').select(historyColumns('updated_at')))
        .execute();
    },

    async history(organisationId, teamIds, before) {
      if (teamIds.length === 0) return [];
      const rows = await db
        .selectFrom('action_history as h')
        .innerJoin('actions as a', 'a.id', 'h.action_id')
        .select(['h.action_id', 'a.team_id', 'h.at', 'h.status', 'h.due_on', 'h.has_owner'])
        .where('h.organisation_id', '=', organisationId)
        .where('a.team_id', 'in', teamIds)
        .where('h.at', '<', before)
        .orderBy('h.at')
        .orderBy('h.id')
        .execute();
      return rows.map((row) => ({
        actionId: row.action_id,
        teamId: row.team_id,
        at: row.at,
        status: row.status as ActionStatus,
        dueOn: row.due_on,
        hasOwner: row.has_owner,
      }));
    },

    async listByTeam(organisationId, teamId, statuses) {
      if (statuses !== undefined && statuses.length === 0) return [];
      let query = db
        .selectFrom('actions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('team_id', '=', teamId);
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
      const rows = await db
        .selectFrom('actions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toAction);
    },
  };
}

/** The select list that turns a written `actions` row into its `action_history` row. */
function historyColumns(at: 'created_at' | 'updated_at') {
  return [
    sql.ref<string>('organisation_id').as('organisation_id'),
    sql.ref<string>('id').as('action_id'),
    sql.ref<Date>(at).as('at'),
    sql.ref<string>('status').as('status'),
    sql.ref<string | null>('due_on').as('due_on'),
    sql<boolean>`owner_person_id is not null`.as('has_owner'),
  ];
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
    number: row.number,
  };
}

/** An action as the row to insert (also the demo history's bulk insert). */
export function actionValues(action: NewAction) {
  return {
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
  };
}

/**
 * Inserts actions with their first history row (their state as given, at their creation) in one
 * statement; returns the numbers the insert trigger gave them, in the rows' order.
 */
export async function insertActions(db: Executor, rows: readonly ReturnType<typeof actionValues>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const made = await db
    .with('made', (q) =>
      q
        .insertInto('actions')
        .values([...rows])
        .returning(['organisation_id', 'id', 'created_at', 'status', 'due_on', 'owner_person_id', 'number']),
    )
    .with('history', (q) =>
      q
        .insertInto('action_history')
        .columns(HISTORY_COLUMNS)
        .expression((s) => s.selectFrom('made').select(historyColumns('created_at'))),
    )
    .selectFrom('made')
    .select(['id', 'number'])
    .execute();
  const numbers = new Map(made.map((row) => [row.id, row.number]));
  return rows.map((row) => numbers.get(row.id) ?? 0);
}
