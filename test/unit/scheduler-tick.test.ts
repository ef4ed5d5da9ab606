import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import { openRound, promptKey } from '../../src/dialogues/open-round.js';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel, Store } from '../../src/dialogues/ports.js';
import { blackoutsFromICalendar } from '../../src/scheduler/blackouts.js';
import { runTick } from '../../src/scheduler/tick.js';
import { seedScheduledBoard, testDeps, type ScheduledBoardOptions } from '../support/builders.js';
import { DAY, fakeClock, HOUR, MINUTE } from '../support/fake-clock.js';
import { createMemoryStore } from '../support/memory-store.js';
import { recordingChannel } from '../support/recording-channel.js';

// Mondays 09:00 in Amsterdam, winter time.
const MON_23_NOV = '2026-11-23T08:00:00Z';

async function scene(options: ScheduledBoardOptions = {}, start: string = MON_23_NOV) {
  const store: Store = createMemoryStore();
  const clock = fakeClock(start);
  const deps = testDeps(store, clock);
  const board = await seedScheduledBoard(store, { createdAt: new Date('2026-11-20T00:00:00Z'), ...options });
  const rounds = () => store.rounds.list(board.organisationId);
  const runs = async () =>
    (await store.schedules.runs(board.organisationId, board.schedule.id)).map((r) => [
      r.occurrenceAt.toISOString(),
      r.outcome,
    ]);
  return { store, clock, deps, board, rounds, runs };
}

describe('a scheduler tick opens due occurrences', () => {
  it('opens one round per team at the occurrence, and ticking again makes nothing twice', async () => {
    const s = await scene({ teams: 2 });
    expect(await runTick(s.deps)).toEqual({ opened: 2, skipped: 0, reminded: 0, closed: 0 });
    const rounds = await s.rounds();
    expect(rounds).toHaveLength(2);
    expect(
      rounds.every(
        (r) =>
          r.trigger === 'scheduled' &&
          r.scheduleId === s.board.schedule.id &&
          r.occurrenceAt?.toISOString() === '2026-11-23T08:00:00.000Z',
      ),
    ).toBe(true);
    expect(rounds.map((r) => r.closesAt.toISOString())).toEqual([
      '2026-11-26T08:00:00.000Z',
      '2026-11-26T08:00:00.000Z',
    ]);
    expect(await s.runs()).toEqual([['2026-11-23T08:00:00.000Z', 'opened']]);

    for (let i = 0; i < 3; i += 1) {
      expect(await runTick(s.deps)).toEqual({ opened: 0, skipped: 0, reminded: 0, closed: 0 });
      s.clock.advance(20_000);
    }
    expect(await s.rounds()).toHaveLength(2);
    expect(await s.store.deliveries.list(s.board.organisationId)).toHaveLength(2);
  });

  it('does nothing before the occurrence, nor for occurrences before the schedule existed', async () => {
    const early = await scene({}, '2026-11-23T07:59:59Z');
    expect(await runTick(early.deps)).toMatchObject({ opened: 0, skipped: 0 });
    const late = await scene({ createdAt: new Date('2026-11-23T08:30:00Z') }, '2026-11-23T09:00:00Z');
    expect(await runTick(late.deps)).toMatchObject({ opened: 0, skipped: 0 });
    expect(await late.runs()).toEqual([]);
  });

  it("opens every n-th week only, counted from the first week, with the schedule's own window", async () => {
    const s = await scene({ schedule: { everyWeeks: 2, firstWeek: '2026-11-25', windowHours: 24 } });
    expect(await runTick(s.deps)).toMatchObject({ opened: 1, skipped: 0 });
    expect((await s.rounds())[0]?.closesAt.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    // Monday 30 November is the week between: no round, and no run recorded as if it were skipped.
    s.clock.set('2026-11-30T08:00:05Z');
    expect(await runTick(s.deps)).toMatchObject({ opened: 0, skipped: 0 });
    s.clock.set('2026-12-07T08:00:05Z');
    expect(await runTick(s.deps)).toMatchObject({ opened: 1, skipped: 0 });
    expect(await s.runs()).toEqual([
      ['2026-11-23T08:00:00.000Z', 'opened'],
      ['2026-12-07T08:00:00.000Z', 'opened'],
    ]);
  });

  it('leaves paused schedules alone', async () => {
    const s = await scene();
    await s.store.schedules.setPaused(s.board.organisationId, s.board.schedule.id, true);
    expect(await runTick(s.deps)).toMatchObject({ opened: 0, skipped: 0 });
    expect(await s.runs()).toEqual([]);
  });

  it('skips an occurrence inside a blackout and opens the next one', async () => {
    const s = await scene(
      {
        blackouts: [{ from: '2026-10-17', to: '2026-10-25', label: 'herfstvakantie' }],
        createdAt: new Date('2026-10-01T00:00:00Z'),
      },
      '2026-10-19T07:00:00Z',
    );
    expect(await runTick(s.deps)).toMatchObject({ opened: 0, skipped: 1 });
    s.clock.set('2026-10-26T08:00:00Z'); // the Monday after, back in winter time
    expect(await runTick(s.deps)).toMatchObject({ opened: 1, skipped: 0 });
    expect(await s.runs()).toEqual([
      ['2026-10-19T07:00:00.000Z', 'skipped_blackout'],
      ['2026-10-26T08:00:00.000Z', 'opened'],
    ]);
  });

  it('skips the Christmas holiday read from the school calendar', async () => {
    const ics = readFileSync(
      new URL('../fixtures/calendars/schoolvakanties-2026-2027-midden.ics', import.meta.url),
      'utf8',
    );
    const blackouts = blackoutsFromICalendar(ics);
    if (!blackouts.ok) throw new Error(blackouts.code);
    const s = await scene(
      { blackouts: blackouts.value, template: { responseWindowHours: 24, remindAfterHours: null } },
      '2026-12-14T08:00:00Z',
    );
    for (let day = 0; day < 28; day += 1) {
      await runTick(s.deps);
      s.clock.advance(DAY);
    }
    expect(await s.runs()).toEqual([
      ['2026-12-14T08:00:00.000Z', 'opened'],
      ['2026-12-21T08:00:00.000Z', 'skipped_blackout'],
      ['2026-12-28T08:00:00.000Z', 'skipped_blackout'],
      ['2027-01-04T08:00:00.000Z', 'opened'],
    ]);
  });
});

describe('catching up after downtime', () => {
  it('opens an occurrence still inside its window late, keeping its close time', async () => {
    const s = await scene({}, '2026-11-24T09:00:00Z'); // down from before Monday 09:00 until Tuesday 10:00
    expect(await runTick(s.deps)).toMatchObject({ opened: 1, skipped: 0 });
    const [round] = await s.rounds();
    expect(round?.openedAt.toISOString()).toBe('2026-11-24T09:00:00.000Z');
    expect(round?.closesAt.toISOString()).toBe('2026-11-26T08:00:00.000Z'); // occurrence + 72 h, not now + 72 h
    expect(s.deps.log.lines.some((l) => l.message.includes('late'))).toBe(true);

    s.clock.set('2026-11-26T07:59:59Z');
    expect(await runTick(s.deps)).toMatchObject({ closed: 0 });
    s.clock.set('2026-11-26T08:00:00Z');
    expect(await runTick(s.deps)).toMatchObject({ closed: 1 });
  });

  it('records occurrences whose whole window passed as stale, warns, and opens the rest', async () => {
    // Daily at 09:00 with a 48-hour window; down from Monday 08:00 until Thursday 10:00.
    const s = await scene(
      {
        cron: '0 9 * * *',
        template: { responseWindowHours: 48, remindAfterHours: null },
        createdAt: new Date('2026-11-23T07:00:00Z'),
      },
      '2026-11-26T09:00:00Z',
    );
    expect(await runTick(s.deps)).toMatchObject({ opened: 2, skipped: 2 });
    expect(await s.runs()).toEqual([
      ['2026-11-23T08:00:00.000Z', 'skipped_stale'],
      ['2026-11-24T08:00:00.000Z', 'skipped_stale'],
      ['2026-11-25T08:00:00.000Z', 'opened'],
      ['2026-11-26T08:00:00.000Z', 'opened'],
    ]);
    const warnings = s.deps.log.lines.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.details.occurrenceAt)).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-24T08:00:00.000Z',
    ]);
    expect((await s.rounds()).map((r) => r.closesAt.toISOString()).sort()).toEqual([
      '2026-11-27T08:00:00.000Z',
      '2026-11-28T08:00:00.000Z',
    ]);
    expect(await runTick(s.deps)).toMatchObject({ opened: 0, skipped: 0 });
    expect(s.deps.log.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('finishes an occurrence whose round was made just before a crash, without a second round', async () => {
    const s = await scene();
    const occurrenceAt = new Date(MON_23_NOV);
    const first = await openRound(s.deps, {
      organisationId: s.board.organisationId,
      teamId: s.board.teams[0]?.id ?? '',
      trigger: 'scheduled',
      triggeredBy: null,
      template: s.board.template,
      scheduleId: s.board.schedule.id,
      occurrenceAt,
    });
    expect(first.ok && first.value.created).toBe(true);
    expect(await runTick(s.deps)).toMatchObject({ opened: 0 });
    expect(await s.rounds()).toHaveLength(1);
    expect(await s.runs()).toEqual([[occurrenceAt.toISOString(), 'opened']]);
  });
});

describe('what a tick cannot open', () => {
  it('records an occurrence of a schedule whose template is gone as skipped, and says so once', async () => {
    const s = await scene();
    await s.store.schedules.create({ ...s.board.schedule, id: 'orphan', templateId: 'gone' });
    expect(await runTick(s.deps)).toMatchObject({ opened: 1, skipped: 1 });
    expect(await runTick(s.deps)).toMatchObject({ opened: 0, skipped: 0 });
    expect(s.deps.log.lines.filter((l) => l.message.includes('template no longer exists'))).toHaveLength(1);
  });

  it('opens the other teams when one team has no channel', async () => {
    const s = await scene({ teams: 2 });
    const [first, second] = s.board.bindings;
    if (!first || !second) throw new Error('two bindings');
    await s.store.bindings.remove(s.board.organisationId, first.id);
    expect(await runTick(s.deps)).toMatchObject({ opened: 1 });
    expect(s.deps.log.lines.find((l) => l.level === 'warn')?.details).toMatchObject({ code: 'round.no_channels' });
    expect(await s.runs()).toEqual([[MON_23_NOV.replace('Z', '.000Z'), 'opened']]);
  });
});

describe('reminding and closing from the tick', () => {
  it('reminds once, not in quiet hours, and closes with summaries threaded under the prompt', async () => {
    const s = await scene({ template: { remindAfterHours: 22 } }); // reminder due Tuesday 07:00 local
    const slack = recordingChannel({ clock: s.clock });
    const channels = new Map<Platform, ChatChannel>([['slack', slack]]);
    await runTick(s.deps);
    await deliverDue(s.deps, channels);
    const [round] = await s.rounds();
    if (!round) throw new Error('no round');
    const prompt = slack.posts.find((p) => p.purpose === 'prompt');
    expect(prompt?.threadRef).toBeNull();

    s.clock.set('2026-11-24T06:00:00Z'); // 07:00 local: quiet
    expect(await runTick(s.deps)).toMatchObject({ reminded: 0 });
    s.clock.set('2026-11-24T07:00:00Z'); // 08:00 local
    expect(await runTick(s.deps)).toMatchObject({ reminded: 1 });
    s.clock.advance(20_000);
    expect(await runTick(s.deps)).toMatchObject({ reminded: 0 });
    await deliverDue(s.deps, channels);

    s.clock.set('2026-11-26T08:00:00Z');
    expect(await runTick(s.deps)).toMatchObject({ closed: 1 });
    expect(await runTick(s.deps)).toMatchObject({ closed: 0 });
    await deliverDue(s.deps, channels);

    expect(slack.posts.map((p) => [p.purpose, p.threadRef])).toEqual([
      ['prompt', null],
      ['reminder', prompt?.postedRef],
      ['summary', prompt?.postedRef],
    ]);
    const summary = await s.store.deliveries.findByKey(
      s.board.organisationId,
      `round:${round.id}:summary:${s.board.bindings[0]?.id}`,
    );
    expect(summary?.threadOf).toBe(promptKey(round.id, s.board.bindings[0]?.id ?? ''));
    expect(summary?.status).toBe('sent');
  });

  it('keeps the figures honest across a simulated week of ticks every few minutes', async () => {
    const s = await scene({ teams: 3, createdAt: new Date('2026-11-22T23:00:00Z') }, '2026-11-22T23:00:00Z');
    const total = { opened: 0, skipped: 0, reminded: 0, closed: 0 };
    for (let t = 0; t < 7 * DAY; t += 7 * MINUTE) {
      const figures = await runTick(s.deps);
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += figures[k];
      s.clock.advance(7 * MINUTE);
    }
    expect(total).toEqual({ opened: 3, skipped: 0, reminded: 3, closed: 3 });
    expect(s.clock.now().getTime() - new Date('2026-11-22T23:00:00Z').getTime()).toBeGreaterThanOrEqual(7 * DAY - HOUR);
  });
});
