import type { DialogueDeps } from '../dialogues/deps.js';
import type { Schedule, Template } from '../dialogues/model.js';
import { openRound } from '../dialogues/open-round.js';
import type { ScheduleRunOutcome } from '../dialogues/ports.js';
import { closeDueRounds, remindDueRounds } from '../dialogues/round-lifecycle.js';
import { remindOverdueActions } from '../dialogues/actions/remind-overdue.js';
import { enqueueDueDigests, type DigestSchedule } from '../dialogues/digest/schedule-digests.js';
import { inCycle } from '../dialogues/recurrence.js';
import { localDate } from '../dialogues/time-zone.js';
import { blackoutOf } from './blackouts.js';
import { occurrencesBetween } from './occurrences.js';
import type { RetentionSweep } from './retention-sweep.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface TickOptions {
  /**
   * How far back a tick looks for occurrences it has not handled yet, at least; a template's
   * response window lengthens it. Default 7 days: after a week of downtime, the week's
   * occurrences are still found and recorded (late-but-open or stale), never silently lost.
   */
  minLookbackMs?: number;
  /** The daily retention purge (`dailyRetentionSweep()`); without it no personal data is purged. */
  retention?: RetentionSweep;
  /** When set, leaders' weekly digests are enqueued once their moment has passed. */
  digests?: DigestSchedule;
}

/** What one tick did, for logs and tests. */
export interface TickFigures {
  /** Rounds this process created (another process may have created the rest). */
  opened: number;
  /** Occurrences this process recorded as skipped: blackout, stale, or template gone. */
  skipped: number;
  reminded: number;
  closed: number;
  /** Replies purged by the retention sweep; present only when the tick was given one. */
  purgedReplies?: number;
  /** Weekly digests this process enqueued; present only when the tick was given a digest schedule. */
  digests?: number;
  /** Overdue actions this process reminded their team of; present only when there were any. */
  actionsReminded?: number;
}

/**
 * One scheduler tick at `deps.clock.now()`: opens the rounds of every active schedule's due
 * occurrences, then reminds and closes what is due. Holds nothing in memory between ticks: the
 * database records which occurrences were handled (`schedule_runs`) and the unique keys on
 * rounds and runs make any number of processes ticking at once do each thing exactly once.
 *
 * @example
 * startTicker(() => runTick(deps), { log }); // every 20 seconds
 */
export async function runTick(deps: DialogueDeps, options: TickOptions = {}): Promise<TickFigures> {
  const figures: TickFigures = { opened: 0, skipped: 0, reminded: 0, closed: 0 };
  for (const schedule of await deps.store.schedules.listActive()) {
    try {
      const done = await tickSchedule(deps, schedule, options.minLookbackMs ?? 7 * DAY);
      figures.opened += done.opened;
      figures.skipped += done.skipped;
    } catch (error) {
      // One broken schedule (a corrupted cron, a failing team) must not hold up the others.
      deps.log.error(
        { scheduleId: schedule.id, organisationId: schedule.organisationId, err: error },
        'scheduler: schedule tick failed',
      );
    }
  }
  figures.reminded = await remindDueRounds(deps);
  figures.closed = await closeDueRounds(deps);
  try {
    const actionsReminded = await remindOverdueActions(deps);
    if (actionsReminded > 0) figures.actionsReminded = actionsReminded;
  } catch (error) {
    // Reminders are a courtesy: a failure must not hold up digests or the purge.
    deps.log.error({ err: error }, 'scheduler: overdue action reminders failed');
  }
  if (options.digests) figures.digests = await enqueueDueDigests(deps, options.digests);
  if (options.retention) {
    figures.purgedReplies = 0;
    try {
      const report = await options.retention(deps);
      figures.purgedReplies = report?.organisations.reduce((sum, o) => sum + o.replies, 0) ?? 0;
    } catch (error) {
      // A failed purge must not stop rounds; the sweep tries again at the next tick.
      deps.log.error({ err: error }, 'scheduler: retention purge failed');
    }
  }
  return figures;
}

async function tickSchedule(
  deps: DialogueDeps,
  schedule: Schedule,
  minLookbackMs: number,
): Promise<{ opened: number; skipped: number }> {
  const { store, log } = deps;
  const now = deps.clock.now();
  const template = await store.templates.get(schedule.organisationId, schedule.templateId);
  const windowMs = (schedule.windowHours ?? template?.responseWindowHours ?? 0) * HOUR;
  const since = Math.max(schedule.createdAt.getTime(), now.getTime() - Math.max(windowMs, minLookbackMs));
  // "Every n weeks": the weeks between are no occurrence at all, not a skipped one.
  const occurrences = occurrencesBetween(schedule.cron, schedule.timeZone, new Date(since), now).filter((at) =>
    inCycle(localDate(at, schedule.timeZone), schedule.firstWeek, schedule.everyWeeks),
  );
  if (occurrences.length === 0) return { opened: 0, skipped: 0 };

  const handled = new Set(
    (await store.schedules.runs(schedule.organisationId, schedule.id)).map((run) => run.occurrenceAt.getTime()),
  );
  let opened = 0;
  let skipped = 0;
  const record = async (occurrenceAt: Date, outcome: ScheduleRunOutcome): Promise<boolean> =>
    store.schedules.recordRun({
      organisationId: schedule.organisationId,
      scheduleId: schedule.id,
      occurrenceAt,
      outcome,
      recordedAt: now,
    });

  for (const occurrenceAt of occurrences) {
    if (handled.has(occurrenceAt.getTime())) continue;
    const context = {
      scheduleId: schedule.id,
      organisationId: schedule.organisationId,
      occurrenceAt: occurrenceAt.toISOString(),
    };

    if (!template) {
      // The run table knows no "template gone" outcome; `skipped_paused` says what happened
      // in effect: the schedule could not run. Recording it keeps this from being logged anew
      // on every tick.
      if (await record(occurrenceAt, 'skipped_paused')) {
        skipped += 1;
        log.warn(
          { ...context, templateId: schedule.templateId },
          'scheduler: template no longer exists; occurrence skipped',
        );
      }
      continue;
    }

    const blackout = blackoutOf(occurrenceAt, schedule.timeZone, schedule.blackouts);
    if (blackout) {
      if (await record(occurrenceAt, 'skipped_blackout')) {
        skipped += 1;
        log.info({ ...context, blackout: blackout.label }, 'scheduler: occurrence falls in a blackout; skipped');
      }
      continue;
    }

    if (occurrenceAt.getTime() + windowMs <= now.getTime()) {
      // Its whole response window passed while no process was ticking: opening it now would
      // close it at once. Someone should know a round was missed.
      if (await record(occurrenceAt, 'skipped_stale')) {
        skipped += 1;
        log.warn(
          { ...context, responseWindowHours: windowMs / HOUR },
          'scheduler: occurrence missed its whole response window (downtime?); skipped',
        );
      }
      continue;
    }

    opened += await openOccurrence(deps, schedule, template, occurrenceAt, now);
    // Recorded only after every team's round exists: a crash in between re-runs openRound at
    // the next tick, and its unique key turns that into created:false.
    await record(occurrenceAt, 'opened');
  }
  return { opened, skipped };
}

async function openOccurrence(
  deps: DialogueDeps,
  schedule: Schedule,
  template: Template,
  occurrenceAt: Date,
  now: Date,
): Promise<number> {
  let created = 0;
  for (const teamId of schedule.teamIds) {
    const result = await openRound(deps, {
      organisationId: schedule.organisationId,
      teamId,
      trigger: 'scheduled',
      triggeredBy: null,
      template,
      scheduleId: schedule.id,
      schedule,
      // The round keeps its occurrence as start, so one opened late still closes on time.
      occurrenceAt,
      openedAt: now,
    });
    if (result.ok) {
      if (result.value.created) created += 1;
      if (now.getTime() - occurrenceAt.getTime() >= 60_000 && result.value.created) {
        deps.log.info(
          {
            scheduleId: schedule.id,
            teamId,
            occurrenceAt: occurrenceAt.toISOString(),
            lateMs: now.getTime() - occurrenceAt.getTime(),
          },
          'scheduler: round opened late (catch-up)',
        );
      }
    } else {
      // A team removed or without a channel: the other teams still get their round.
      deps.log.warn(
        {
          scheduleId: schedule.id,
          teamId,
          occurrenceAt: occurrenceAt.toISOString(),
          code: result.code,
          details: result.details,
        },
        'scheduler: round not opened for team',
      );
    }
  }
  return created;
}
