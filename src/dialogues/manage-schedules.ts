import { authorize, teamContext } from './access.js';
import type { DialogueDeps } from './deps.js';
import { VISIBILITIES } from './answer-visibility.js';
import type { Blackout, Schedule, Visibility } from './model.js';
import { checkPlan, type PlanInput } from './recurrence.js';
import { fail, ok, type Result } from './result.js';
import { localDate } from './time-zone.js';

export interface CreateScheduleInput {
  organisationId: string;
  actorPersonId: string | null;
  templateId: string;
  teamIds: string[];
  /** What a coordinator picked: weekday, time, every n weeks, window length. Checked here. */
  plan?: PlanInput;
  /** A five-field expression, for callers that have one already (the demo board); `plan` wins. */
  cron?: string;
  timeZone: string;
  blackouts: Blackout[];
  /** Who reads the answers; null or absent keeps the template's choice. */
  visibility?: Visibility | null;
  /** Whether the team sees answers while the round is open; null or absent keeps the template's choice. */
  shareWhileOpen?: boolean | null;
}

/**
 * Stores a schedule after checking permission (a coordinator over every team it names), the plan,
 * the template and the teams. A refusal changes nothing.
 *
 * @example
 * await createSchedule(deps, { ...who, templateId, teamIds, plan: { weekday: 1, time: '09:00', everyWeeks: 2 },
 *   timeZone: 'Europe/Amsterdam', blackouts: [] });
 */
export async function createSchedule(deps: DialogueDeps, input: CreateScheduleInput): Promise<Result<Schedule>> {
  const checked = await checkSettings(deps, input);
  if (!checked.ok) return checked;
  const now = deps.clock.now();
  const schedule: Schedule = {
    id: deps.newId(),
    organisationId: input.organisationId,
    templateId: input.templateId,
    teamIds: input.teamIds,
    ...checked.value,
    firstWeek: firstWeekOf(checked.value.cron, now, input.timeZone),
    blackouts: input.blackouts,
    paused: false,
    visibility: input.visibility ?? null,
    shareWhileOpen: input.shareWhileOpen ?? null,
    createdAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.schedules.create(schedule);
    await tx.audit.record({
      organisationId: input.organisationId,
      actorPersonId: input.actorPersonId,
      action: 'schedule.created',
      subject: `schedule:${schedule.id}`,
      details: { cron: schedule.cron, everyWeeks: schedule.everyWeeks, teams: input.teamIds },
      at: now,
    });
  });
  return ok(schedule);
}

export interface UpdateScheduleInput extends Omit<CreateScheduleInput, 'blackouts'> {
  scheduleId: string;
  /** New holidays (an uploaded calendar, or [] to clear them); absent keeps the stored ones. */
  blackouts?: Blackout[];
}

/**
 * Replaces a schedule's plan, teams, template, visibility and (when given) holidays. The person
 * must coordinate every team the schedule had and every team it gets. A changed cycle or weekday
 * starts counting its weeks again from the first matching day.
 */
export async function updateSchedule(deps: DialogueDeps, input: UpdateScheduleInput): Promise<Result<Schedule>> {
  const existing = await deps.store.schedules.get(input.organisationId, input.scheduleId);
  if (!existing) return fail('schedule.not_found');
  const allowed = await mayConfigure(deps, input.organisationId, input.actorPersonId, existing.teamIds);
  if (!allowed.ok) return allowed;
  const checked = await checkSettings(deps, input);
  if (!checked.ok) return checked;
  const now = deps.clock.now();
  const sameCycle = checked.value.cron === existing.cron && checked.value.everyWeeks === existing.everyWeeks;
  const schedule: Schedule = {
    ...existing,
    templateId: input.templateId,
    teamIds: input.teamIds,
    ...checked.value,
    firstWeek: sameCycle ? existing.firstWeek : firstWeekOf(checked.value.cron, now, input.timeZone),
    blackouts: input.blackouts ?? existing.blackouts,
    visibility: input.visibility ?? null,
    shareWhileOpen: input.shareWhileOpen ?? null,
  };
  await deps.store.transaction(async (tx) => {
    await tx.schedules.update(schedule);
    await tx.audit.record({
      organisationId: input.organisationId,
      actorPersonId: input.actorPersonId,
      action: 'schedule.updated',
      subject: `schedule:${schedule.id}`,
      details: { cron: schedule.cron, everyWeeks: schedule.everyWeeks, teams: schedule.teamIds },
      at: now,
    });
  });
  return ok(schedule);
}

export type ScheduleChange = 'pause' | 'resume' | 'remove';

export async function changeSchedule(
  deps: DialogueDeps,
  organisationId: string,
  actorPersonId: string | null,
  scheduleId: string,
  change: ScheduleChange,
): Promise<Result<Schedule>> {
  const { store } = deps;
  const schedule = await store.schedules.get(organisationId, scheduleId);
  if (!schedule) return fail('schedule.not_found');
  const allowed = await mayConfigure(deps, organisationId, actorPersonId, schedule.teamIds);
  if (!allowed.ok) return allowed;
  await store.transaction(async (tx) => {
    if (change === 'remove') await tx.schedules.remove(organisationId, scheduleId);
    else await tx.schedules.setPaused(organisationId, scheduleId, change === 'pause');
    await tx.audit.record({
      organisationId,
      actorPersonId,
      action: `schedule.${change}`,
      subject: `schedule:${scheduleId}`,
      details: {},
      at: deps.clock.now(),
    });
  });
  return ok({ ...schedule, paused: change === 'pause' });
}

/** Whether a person may create or change schedules for these teams: a coordinator over each of them. */
export async function mayConfigure(
  deps: DialogueDeps,
  organisationId: string,
  actorPersonId: string | null,
  teamIds: readonly string[],
): Promise<Result<true>> {
  // No person: the CLI and the demo board, run by whoever runs the process.
  if (!actorPersonId) return ok(true);
  if (teamIds.length === 0) {
    const allowed = await authorize(deps.store, organisationId, actorPersonId, 'configure', { kind: 'organisation' });
    return allowed.ok ? ok(true) : allowed;
  }
  for (const teamId of teamIds) {
    const team = await deps.store.teams.get(organisationId, teamId);
    if (!team) return fail('team.not_found', { team: teamId });
    const allowed = await authorize(deps.store, organisationId, actorPersonId, 'configure', teamContext(team));
    if (!allowed.ok) return allowed;
  }
  return ok(true);
}

type Settings = Pick<Schedule, 'cron' | 'timeZone' | 'everyWeeks' | 'windowHours'>;

async function checkSettings(
  deps: DialogueDeps,
  input: Omit<CreateScheduleInput, 'blackouts'>,
): Promise<Result<Settings>> {
  if (input.teamIds.length === 0) return fail('input.invalid', { field: 'teams' });
  const allowed = await mayConfigure(deps, input.organisationId, input.actorPersonId, input.teamIds);
  if (!allowed.ok) return allowed;
  const plan = input.plan
    ? checkPlan(input.plan)
    : input.cron
      ? ok({ cron: input.cron, everyWeeks: 1, windowHours: null })
      : fail('input.invalid', { field: 'time' });
  if (!plan.ok) return plan;
  // The plan makes a weekly expression; one given as it is (the demo board) is checked the same way.
  const recurrence = deps.cron.validate(plan.value.cron, input.timeZone);
  if (!recurrence.ok) return recurrence;
  if (!(await deps.store.templates.get(input.organisationId, input.templateId))) return fail('template.not_found');
  if (input.visibility && !VISIBILITIES.includes(input.visibility))
    return fail('input.invalid', { field: 'visibility' });
  return ok({ ...plan.value, ...recurrence.value });
}

/**
 * The local date the cycle of "every n weeks" counts from: the first day on or after today that
 * has the plan's weekday, so the first round is the first matching day, not n weeks away.
 */
function firstWeekOf(cron: string, now: Date, timeZone: string): string {
  const today = localDate(now, timeZone);
  const weekday = Number(cron.trim().split(/\s+/)[4]);
  if (!Number.isInteger(weekday)) return today;
  const at = Date.parse(`${today}T00:00:00Z`);
  const ahead = ((((weekday % 7) - new Date(at).getUTCDay()) % 7) + 7) % 7;
  return new Date(at + ahead * 86_400_000).toISOString().slice(0, 10);
}

/** The schedules a person may change: those whose every team they coordinate (all, for an organisation coordinator). */
export async function manageableSchedules(
  deps: DialogueDeps,
  organisationId: string,
  actorPersonId: string,
): Promise<Schedule[]> {
  const found: Schedule[] = [];
  for (const schedule of await deps.store.schedules.list(organisationId)) {
    if ((await mayConfigure(deps, organisationId, actorPersonId, schedule.teamIds)).ok) found.push(schedule);
  }
  return found;
}
