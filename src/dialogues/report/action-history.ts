import type { TeamActionCounts } from '../digest/digest-reads.js';
import type { ActionStateChange, ActionStatus, Team } from '../model.js';
import type { ReportActionItem, ReportActionQuarter } from './report-body.js';
import type { ReportActionRow } from './report-reads.js';

/** A stretch of the period: local dates (both inclusive) and the instants [start, end). */
export interface Stretch {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

type State = Pick<ActionStateChange, 'actionId' | 'teamId' | 'status' | 'dueOn' | 'hasOwner'>;

const OPEN: readonly ActionStatus[] = ['open', 'in_progress'];

/** Each action's state just before `at`: its last recorded change before then (none: not made yet). */
export function statesAt(history: readonly ActionStateChange[], at: Date): Map<string, State> {
  const states = new Map<string, State>();
  for (const change of history) if (change.at.getTime() < at.getTime()) states.set(change.actionId, change);
  return states;
}

/** The digest's action counts per team, as the actions stood just before `end` (due dates judged on `on`). */
export function actionCountsAt(history: readonly ActionStateChange[], end: Date, on: string): TeamActionCounts[] {
  const counts = new Map<string, TeamActionCounts>();
  for (const state of statesAt(history, end).values()) {
    const c = counts.get(state.teamId) ?? { teamId: state.teamId, total: 0, followed: 0, overdue: 0, closed: 0 };
    c.total += 1;
    if (state.hasOwner && state.dueOn !== null) c.followed += 1;
    if (OPEN.includes(state.status) && state.dueOn !== null && state.dueOn < on) c.overdue += 1;
    if (state.status === 'done') c.closed += 1;
    counts.set(state.teamId, c);
  }
  return [...counts.values()];
}

/**
 * What was decided and done in each stretch (quarter) of the period, from the actions' recorded
 * states: made in it, done or dropped in it, and how the actions stood at its end. Titles come
 * from the report's action rows (actions made, changed or open in the period).
 */
export function actionQuarters(
  history: readonly ActionStateChange[],
  stretches: readonly Stretch[],
  rows: readonly ReportActionRow[],
  teams: ReadonlyMap<string, Team>,
  schoolName: ReadonlyMap<string, string>,
): ReportActionQuarter[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const item = (id: string): ReportActionItem[] => {
    const row = byId.get(id);
    const team = row ? teams.get(row.teamId) : undefined;
    return row
      ? [{ title: row.title, teamName: team?.name ?? '', schoolName: schoolName.get(team?.schoolId ?? '') ?? '' }]
      : [];
  };
  return stretches.map((stretch) => {
    const before = statesAt(history, stretch.start);
    const after = statesAt(history, stretch.end);
    const became = (status: ActionStatus) =>
      [...after.values()].filter((s) => s.status === status && before.get(s.actionId)?.status !== status);
    const open = [...after.values()].filter((s) => OPEN.includes(s.status));
    return {
      from: stretch.from,
      to: stretch.to,
      decided: [...after.keys()].filter((id) => !before.has(id)).flatMap(item),
      done: became('done').flatMap((s) => item(s.actionId)),
      dropped: became('dropped').length,
      open: open.length,
      overdue: open.filter((s) => s.dueOn !== null && s.dueOn < stretch.to).length,
      followed: open.filter((s) => s.hasOwner && s.dueOn !== null).length,
    };
  });
}
