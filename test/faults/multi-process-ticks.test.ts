import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import { createPacer } from '../../src/dialogues/delivery-policy.js';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel, Store } from '../../src/dialogues/ports.js';
import { runTick } from '../../src/scheduler/tick.js';
import { seedScheduledBoard, testDeps } from '../support/builders.js';
import { fakeClock, MINUTE } from '../support/fake-clock.js';
import { recordingChannel } from '../support/recording-channel.js';
import { freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';

const TEAMS = 40;
const STEPS = Number(process.env.FAULT_TICK_STEPS ?? 180);

/**
 * Scenario 2: three workers on one PostgreSQL database, each with its own connection pool (as
 * three processes hold), ticking and delivering at the same moments, minute after minute on a
 * shared moved clock, for a schedule firing every five minutes for 40 teams. Exactly one round
 * per (schedule, occurrence, team) and one post per delivery. The workers share the test
 * process; what makes them separate to PostgreSQL, their sessions and transactions, is real.
 */
describe('fault 2: three workers on one PostgreSQL, many ticks', () => {
  let database: FreshDatabase;
  const stores: Store[] = [];
  beforeAll(async () => {
    database = await freshDatabase();
    stores.push(database.store);
    for (let i = 0; i < 2; i += 1) stores.push((await database.openPeer()).store);
  });
  afterAll(async () => database.drop());

  it('opens each occurrence once and posts each prompt once', async () => {
    const clock = fakeClock('2026-11-23T07:58:00Z');
    const board = await seedScheduledBoard(database.store, {
      teams: TEAMS,
      cron: '*/5 * * * *',
      createdAt: clock.now(),
    });
    const platform = recordingChannel({ platform: 'slack', findPosted: true, clock, perChannelIntervalMs: 0 });
    const channels = new Map<Platform, ChatChannel>([['slack', platform]]);
    const workers = stores.map((store) => ({ deps: testDeps(store, clock), pacer: createPacer() }));
    let ticks = 0;
    for (let step = 0; step < STEPS; step += 1) {
      clock.advance(MINUTE);
      // Each worker ticks and delivers; who does what first differs from step to step.
      await Promise.all(
        workers.map(async (w, i) => {
          const order = (step + i) % 2 === 0;
          if (order) await runTick(w.deps);
          await deliverDue(w.deps, channels, { pacer: w.pacer, batch: 10 });
          if (!order) await runTick(w.deps);
          ticks += 1;
        }),
      );
    }
    for (let i = 0; i < 50; i += 1) {
      const figures = await Promise.all(workers.map((w) => deliverDue(w.deps, channels, { pacer: w.pacer })));
      if (figures.every((f) => f.claimed === 0)) break;
      clock.advance(2_000);
    }

    const rounds = await database.store.rounds.list(board.organisationId);
    const perOccurrence = new Map<string, number>();
    for (const r of rounds) {
      const key = `${r.scheduleId}:${r.occurrenceAt?.toISOString()}:${r.teamId}`;
      perOccurrence.set(key, (perOccurrence.get(key) ?? 0) + 1);
    }
    const runs = await database.store.schedules.runs(board.organisationId, board.schedule.id);
    const occurrences = new Set(runs.map((r) => r.occurrenceAt.toISOString())).size;
    const deliveries = await database.store.deliveries.list(board.organisationId);
    const prompts = deliveries.filter((d) => d.purpose === 'prompt');
    const postsPerDelivery = new Map<string, number>();
    for (const post of platform.posts)
      postsPerDelivery.set(post.deliveryId, (postsPerDelivery.get(post.deliveryId) ?? 0) + 1);
    const duplicatedPosts = [...postsPerDelivery.values()].filter((n) => n > 1).length;
    const notPosted = deliveries.filter((d) => d.status === 'sent' && !postsPerDelivery.has(d.id)).length;
    const figures = {
      sent: platform.sends.length,
      stored: platform.posts.length,
      duplicated: duplicatedPosts + [...perOccurrence.values()].filter((n) => n > 1).length,
      lost: notPosted + deliveries.filter((d) => d.status !== 'sent' && d.status !== 'skipped').length,
      refused: 0,
      workers: workers.length,
      ticks,
      occurrences,
      rounds: rounds.length,
      runs: runs.length,
      prompts: prompts.length,
    };
    printFigures('2 three workers, one PostgreSQL, many ticks', figures);
    expect(occurrences).toBeGreaterThanOrEqual(Math.floor(STEPS / 5) - 1);
    expect(runs).toHaveLength(occurrences);
    expect(rounds).toHaveLength(occurrences * TEAMS);
    expect([...perOccurrence.values()].every((n) => n === 1)).toBe(true);
    expect(prompts).toHaveLength(rounds.length);
    expect(figures).toMatchObject({ duplicated: 0, lost: 0 });
  });
});
