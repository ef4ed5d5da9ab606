import { authorize, teamContext } from '../access.js';
import type { DialogueDeps } from '../deps.js';
import type { Action, ActionStatus, Person } from '../model.js';
import { fail, ok, type Result } from '../result.js';

export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress', 'done', 'dropped'];

/** Words people type for a status, Dutch and English. */
const STATUS_WORDS: Record<string, ActionStatus> = {
  open: 'open',
  nieuw: 'open',
  bezig: 'in_progress',
  in_progress: 'in_progress',
  'in-progress': 'in_progress',
  doing: 'in_progress',
  started: 'in_progress',
  klaar: 'done',
  afgerond: 'done',
  done: 'done',
  gedaan: 'done',
  vervallen: 'dropped',
  dropped: 'dropped',
  geschrapt: 'dropped',
  drop: 'dropped',
};

export function parseActionStatus(word: string): ActionStatus | null {
  return STATUS_WORDS[word.trim().toLowerCase()] ?? null;
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Any of these may be given; what is left out stays as it is. `null` clears owner or due date. */
export interface ActionChange {
  ownerPersonId?: string | null;
  dueOn?: string | null;
  status?: ActionStatus;
}

export interface UpdateActionInput {
  organisationId: string;
  /** null: the operator at the command line. */
  actorPersonId: string | null;
  actionId: string;
  change: ActionChange;
}

/**
 * Sets an action's owner, due date or status. Anyone in the team (members, its coordinators and
 * leaders) may: following up is the team's own work. A new due date makes the action eligible
 * for one overdue reminder again.
 *
 * @example
 * await updateAction(deps, { organisationId, actorPersonId, actionId, change: { status: 'done' } });
 */
export async function updateAction(deps: DialogueDeps, input: UpdateActionInput): Promise<Result<Action>> {
  const { store, clock } = deps;
  const { organisationId, change } = input;
  const action = await store.actions.get(organisationId, input.actionId);
  if (!action) return fail('action.not_found');
  const team = await store.teams.get(organisationId, action.teamId);
  if (!team) return fail('team.not_found', { team: action.teamId });
  if (input.actorPersonId !== null) {
    const allowed = await authorize(store, organisationId, input.actorPersonId, 'answer', teamContext(team));
    if (!allowed.ok) return allowed;
  }
  if (change.dueOn != null && !isCalendarDate(change.dueOn)) return fail('input.invalid', { field: 'due' });
  if (change.status !== undefined && !ACTION_STATUSES.includes(change.status))
    return fail('input.invalid', { field: 'status' });
  if (change.ownerPersonId != null && !(await store.people.get(organisationId, change.ownerPersonId)))
    return fail('person.not_found');

  const now = clock.now();
  const dueChanged = change.dueOn !== undefined && change.dueOn !== action.dueOn;
  await store.transaction(async (tx) => {
    await tx.actions.update(organisationId, action.id, {
      ...(change.ownerPersonId !== undefined ? { ownerPersonId: change.ownerPersonId } : {}),
      ...(change.dueOn !== undefined ? { dueOn: change.dueOn } : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(dueChanged ? { remindedAt: null } : {}),
      updatedAt: now,
    });
    await tx.audit.record({
      organisationId,
      actorPersonId: input.actorPersonId,
      action: 'action.updated',
      subject: `action:${action.id}`,
      details: { ...change },
      at: now,
    });
  });
  const updated = await store.actions.get(organisationId, action.id);
  return updated ? ok(updated) : fail('action.not_found');
}

/** The person a name or id refers to: exact id, else a case-insensitive display name that only one person has. */
export async function findPerson(
  deps: DialogueDeps,
  organisationId: string,
  ref: string,
): Promise<Result<Person, 'person.not_found' | 'person.ambiguous'>> {
  const byId = await deps.store.people.get(organisationId, ref);
  if (byId) return ok(byId);
  const wanted = ref.trim().toLowerCase();
  const matches = (await deps.store.people.list(organisationId)).filter((p) => p.displayName.toLowerCase() === wanted);
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  return fail(matches.length === 0 ? 'person.not_found' : 'person.ambiguous', { name: ref });
}
