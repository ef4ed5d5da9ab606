import { authorize } from './access.js';
import type { DialogueDeps } from './deps.js';
import type { Blackout, Schedule } from './model.js';
import { fail, ok, type Result } from './result.js';

export interface CreateScheduleInput {
  organisationId: string;
  actorPersonId: string | null;
  templateId: string;
  teamIds: string[];
  cron: string;
  timeZone: string;
  blackouts: Blackout[];
}

/**
 * Cron syntax is checked by the caller's scheduler (the domain has no cron parser); this use
 * case checks what the domain knows: permission, template, teams.
 */
export async function createSchedule(deps: DialogueDeps, input: CreateScheduleInput): Promise<Result<Schedule>> {
  const { store } = deps;
  if (input.actorPersonId) {
    const allowed = await authorize(store, input.organisationId, input.actorPersonId, 'configure', { kind: 'organisation' });
    if (!allowed.ok) return allowed;
  }
  if (!(await store.templates.get(input.organisationId, input.templateId))) return fail('template.not_found');
  if (input.teamIds.length === 0) return fail('input.invalid', { field: 'teams' });
  for (const teamId of input.teamIds) {
    if (!(await store.teams.get(input.organisationId, teamId))) return fail('team.not_found', { team: teamId });
  }
  const schedule: Schedule = { id: deps.newId(), organisationId: input.organisationId, templateId: input.templateId, teamIds: input.teamIds, cron: input.cron, timeZone: input.timeZone, blackouts: input.blackouts, paused: false, createdAt: deps.clock.now() };
  await store.transaction(async (tx) => {
    await tx.schedules.create(schedule);
    await tx.audit.record({ organisationId: input.organisationId, actorPersonId: input.actorPersonId, action: 'schedule.created', subject: `schedule:${schedule.id}`, details: { cron: input.cron, teams: input.teamIds }, at: schedule.createdAt });
  });
  return ok(schedule);
}

export type ScheduleChange = 'pause' | 'resume' | 'remove';

export async function changeSchedule(deps: DialogueDeps, organisationId: string, actorPersonId: string | null, scheduleId: string, change: ScheduleChange): Promise<Result<Schedule>> {
  const { store } = deps;
  if (actorPersonId) {
    const allowed = await authorize(store, organisationId, actorPersonId, 'configure', { kind: 'organisation' });
    if (!allowed.ok) return allowed;
  }
  const schedule = await store.schedules.get(organisationId, scheduleId);
  if (!schedule) return fail('schedule.not_found');
  await store.transaction(async (tx) => {
    if (change === 'remove') await tx.schedules.remove(organisationId, scheduleId);
    else await tx.schedules.setPaused(organisationId, scheduleId, change === 'pause');
    await tx.audit.record({ organisationId, actorPersonId, action: `schedule.${change}`, subject: `schedule:${scheduleId}`, details: {}, at: deps.clock.now() });
  });
  return ok({ ...schedule, paused: change === 'pause' });
}
