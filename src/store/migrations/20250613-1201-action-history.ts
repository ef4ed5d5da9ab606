/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// How each action stood over time: a row when it is made and at every change of its status, owner
// or due date, so the report can say what was decided and done in each quarter of a past year and
// judge the phase at each quarter's end with the actions as they were then. Only whether an
// action had an owner is kept, not who.
//
// Existing actions get their history from what is known: the state every action starts in (open,
// no owner, no due date) at its creation, each `action.updated` audit entry in turn, and, where
// the audit log no longer explains today's state (retention purged it), today's state as of the
// action's last update.

const CHUNK = 500;

interface State {
  status: string;
  due_on: string | null;
  has_owner: boolean;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('action_history')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'dropped')`))
    .addColumn('due_on', 'text')
    .addColumn('has_owner', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('action_history_action_idx').on('action_history').columns(['action_id', 'at']).execute();

  const actions = await db
    .selectFrom('actions')
    .select(['id', 'organisation_id', 'status', 'due_on', 'owner_person_id', 'created_at', 'updated_at'])
    .orderBy('created_at')
    .execute();
  if (actions.length === 0) return;
  const audit = await db
    .selectFrom('audit_log')
    .select(['subject', 'details', 'at'])
    .where('action', '=', 'action.updated')
    .orderBy('at')
    .orderBy('id')
    .execute();
  const changes = new Map<string, { details: Record<string, unknown>; at: Date }[]>();
  for (const entry of audit) {
    const id = String(entry.subject).replace(/^action:/, '');
    const details = typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details;
    changes.set(id, [...(changes.get(id) ?? []), { details: details ?? {}, at: new Date(entry.at) }]);
  }
  const rows: Record<string, unknown>[] = [];
  for (const action of actions) {
    const row = (state: State, at: Date) =>
      rows.push({ organisation_id: action.organisation_id, action_id: action.id, at, ...state });
    let state: State = { status: 'open', due_on: null, has_owner: false };
    row(state, new Date(action.created_at));
    for (const { details, at } of changes.get(action.id) ?? []) {
      state = {
        status: typeof details.status === 'string' ? details.status : state.status,
        due_on: 'dueOn' in details ? ((details.dueOn as string | null) ?? null) : state.due_on,
        has_owner: 'ownerPersonId' in details ? details.ownerPersonId != null : state.has_owner,
      };
      row(state, at);
    }
    const today: State = { status: action.status, due_on: action.due_on, has_owner: action.owner_person_id !== null };
    if (today.status !== state.status || today.due_on !== state.due_on) row(today, new Date(action.updated_at));
  }
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('action_history')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('action_history').execute();
}
