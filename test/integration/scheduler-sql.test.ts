import { expect, it } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel } from '../../src/dialogues/ports.js';
import { runTick } from '../../src/scheduler/tick.js';
import { seedScheduledBoard, testDeps } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { fakeClock, MINUTE } from '../support/fake-clock.js';
import { recordingChannel } from '../support/recording-channel.js';

// Two processes on one database: `store` and `peer` hold their own connections on PostgreSQL.
forEachStore('scheduler over SQL, two processes', (t) => {
  it('makes one round per (schedule, team, occurrence) and one post per channel while both tick', async () => {
    const clock = fakeClock('2026-11-23T07:55:00Z');
    const board = await seedScheduledBoard(t.store, { teams: 3, createdAt: new Date('2026-11-20T00:00:00Z') });
    const a = testDeps(t.store, clock);
    const b = testDeps(t.peer, clock);
    const slack = recordingChannel({ clock, findPosted: true });
    const channels = new Map<Platform, ChatChannel>([['slack', slack]]);

    // Three Mondays, ticking every five minutes around each 09:00 (Amsterdam), both processes at once.
    for (let week = 0; week < 3; week += 1) {
      for (let step = 0; step < 4; step += 1) {
        await Promise.all([runTick(a), runTick(b), runTick(a)]);
        await Promise.all([deliverDue(a, channels), deliverDue(b, channels)]);
        clock.advance(5 * MINUTE);
      }
      clock.advance(7 * 24 * 60 * MINUTE - 20 * MINUTE);
    }

    const rounds = await t.store.rounds.list(board.organisationId);
    const keys = rounds.map((r) => `${r.teamId}@${r.occurrenceAt?.toISOString()}`);
    expect(rounds.filter((r) => r.trigger === 'scheduled')).toHaveLength(9);
    expect(new Set(keys).size).toBe(9);
    const prompts = slack.sends.filter((s) => s.purpose === 'prompt');
    expect(prompts).toHaveLength(9);
    expect(new Set(prompts.map((s) => s.deliveryId)).size).toBe(9);
    const runs = await t.store.schedules.runs(board.organisationId, board.schedule.id);
    expect(runs.map((r) => r.outcome)).toEqual(['opened', 'opened', 'opened']);
  });
});
