import type { Blackout, Schedule, Visibility } from '../dialogues/model.js';
import type { ScheduleRepository, ScheduleRun, ScheduleRunOutcome } from '../dialogues/ports.js';
import type { ScheduleRow } from './schema.js';
import { toJson, type Executor } from './sql-helpers.js';

/** The columns `update` replaces: all but the identity, `paused` (set on its own) and `created_at`. */
function planColumns(schedule: Schedule) {
  return {
    template_id: schedule.templateId,
    team_ids: toJson(schedule.teamIds),
    cron: schedule.cron,
    time_zone: schedule.timeZone,
    every_weeks: schedule.everyWeeks,
    first_week: schedule.firstWeek,
    window_hours: schedule.windowHours,
    blackouts: toJson(schedule.blackouts),
    visibility: schedule.visibility,
    share_while_open: schedule.shareWhileOpen,
  };
}

export function scheduleRepository(db: Executor): ScheduleRepository {
  return {
    async create(schedule) {
      await db
        .insertInto('schedules')
        .values({
          id: schedule.id,
          organisation_id: schedule.organisationId,
          ...planColumns(schedule),
          paused: schedule.paused,
          created_at: schedule.createdAt,
        })
        .execute();
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('schedules')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toSchedule(row);
    },

    async list(organisationId) {
      const rows = await db
        .selectFrom('schedules')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSchedule);
    },

    async listActive() {
      const rows = await db
        .selectFrom('schedules')
        .selectAll()
        .where('paused', '=', false)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSchedule);
    },

    async setPaused(organisationId, id, paused) {
      await db
        .updateTable('schedules')
        .set({ paused })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },

    async update(schedule) {
      await db
        .updateTable('schedules')
        .set(planColumns(schedule))
        .where('organisation_id', '=', schedule.organisationId)
        .where('id', '=', schedule.id)
        .execute();
    },

    async remove(organisationId, id) {
      // Its runs go with it (ON DELETE CASCADE); rounds it opened stay as history.
      await db.deleteFrom('schedules').where('organisation_id', '=', organisationId).where('id', '=', id).execute();
    },

    async recordRun(run) {
      // The primary key (schedule_id, occurrence_at) decides: of any number of processes ticking
      // at once, exactly one gets a row back.
      const inserted = await db
        .insertInto('schedule_runs')
        .values({
          schedule_id: run.scheduleId,
          occurrence_at: run.occurrenceAt,
          organisation_id: run.organisationId,
          outcome: run.outcome,
          recorded_at: run.recordedAt,
        })
        .onConflict((conflict) => conflict.columns(['schedule_id', 'occurrence_at']).doNothing())
        .returning('schedule_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async runs(organisationId, scheduleId) {
      const rows = await db
        .selectFrom('schedule_runs')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('schedule_id', '=', scheduleId)
        .orderBy('occurrence_at')
        .execute();
      return rows.map((row): ScheduleRun => ({
        organisationId: row.organisation_id,
        scheduleId: row.schedule_id,
        occurrenceAt: row.occurrence_at,
        outcome: row.outcome as ScheduleRunOutcome,
        recordedAt: row.recorded_at,
      }));
    },
  };
}

function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    templateId: row.template_id,
    teamIds: row.team_ids,
    cron: row.cron,
    timeZone: row.time_zone,
    everyWeeks: row.every_weeks,
    firstWeek: row.first_week,
    windowHours: row.window_hours,
    blackouts: row.blackouts as Blackout[],
    paused: row.paused,
    visibility: row.visibility as Visibility | null,
    shareWhileOpen: row.share_while_open,
    createdAt: row.created_at,
  };
}
