import { expect, it } from 'vitest';
import { seedDemoBoard } from '../../src/demo-seed.js';
import { buildDigest } from '../../src/dialogues/digest/build-digest.js';
import type { Store } from '../../src/dialogues/ports.js';
import { createMemoryStore } from '../support/memory-store.js';
import { testDeps } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { fakeClock } from '../support/fake-clock.js';

const NOW = '2026-12-05T10:00:00Z';

/** What the seed wrote, without ids: two seeds with one clock must tell the same story. */
async function story(store: Store, organisationId: string) {
  const teams = new Map((await store.teams.list(organisationId)).map((t) => [t.id, t.name]));
  const rounds = await store.rounds.list(organisationId);
  const replies = (await Promise.all(rounds.map((r) => store.replies.listByRound(organisationId, r.id)))).flat();
  return {
    rounds: rounds.map((r) => `${teams.get(r.teamId)} ${r.openedAt.toISOString()} ${r.trigger} ${r.theme}`).sort(),
    replies: replies.map((r) => `${r.createdAt.toISOString()} ${r.questionKey} ${r.text}`).sort(),
    actions: (await store.actions.list(organisationId)).map((a) => `${a.title} ${a.status} ${a.dueOn}`).sort(),
    figures: (await store.snapshots.list(organisationId)).map((s) => `${s.metricKey} ${s.period} ${s.value}`).sort(),
  };
}

forEachStore('the demo board with a school year of history', (t) => {
  it('holds answered rounds in every team, actions in every state, two years of figures, a data round and a guest view', async () => {
    const deps = testDeps(t.store, fakeClock(NOW));
    const board = await seedDemoBoard(deps, { history: true });
    expect(board?.history).toMatchObject({ rounds: expect.any(Number), replies: expect.any(Number) });
    const organisationId = board!.organisationId;
    const rounds = await t.store.rounds.list(organisationId);
    expect(rounds.every((r) => r.status === 'closed' && r.closedAt! <= new Date(NOW))).toBe(true);
    for (const team of board!.teams) {
      const own = rounds.filter((r) => r.teamId === team.id);
      expect(own.length, team.name).toBeGreaterThan(10);
      expect((await t.store.replies.listByRound(organisationId, own[0]!.id)).length).toBeGreaterThanOrEqual(3);
    }
    // A school year: the oldest round is more than 35 weeks back, the newest last week.
    const opened = rounds.map((r) => r.openedAt.getTime()).sort((a, b) => a - b);
    expect(new Date(NOW).getTime() - opened[0]!).toBeGreaterThan(35 * 7 * 86_400_000);
    expect(new Date(NOW).getTime() - opened.at(-1)!).toBeLessThan(14 * 86_400_000);

    const statuses = new Set((await t.store.actions.list(organisationId)).map((a) => a.status));
    expect([...statuses].sort()).toEqual(['done', 'dropped', 'in_progress', 'open']);

    const figures = await t.store.snapshots.list(organisationId);
    expect(new Set(figures.map((s) => s.metricKey))).toEqual(
      new Set(['eindtoets_1f_lezen', 'eindtoets_1f_rekenen', 'verzuim', 'tevredenheid_ouders']),
    );
    expect(figures.filter((s) => s.metricKey === 'verzuim').map((s) => s.period)).toContain('2024-12');
    expect(figures.map((s) => s.period)).toEqual(expect.arrayContaining(['2024-2025', '2025-2026']));

    const dataRound = rounds.find((r) => r.trigger === 'data');
    expect(dataRound).toBeDefined();
    expect((await t.store.snapshots.listForRound(organisationId, dataRound!.id)).map((s) => s.triggeredAt)).toEqual([
      dataRound!.openedAt,
    ]);
    const guestViews = (await t.store.replies.listByRound(organisationId, dataRound!.id)).filter(
      (r) => r.source === 'guest',
    );
    expect(guestViews).toEqual([expect.objectContaining({ questionKey: 'outside_view', authorPersonId: null })]);
    expect(await t.store.guests.listByRound(organisationId, dataRound!.id)).toHaveLength(1);

    // The digest of last week tells the story: one school far along, the other on its way.
    const digest = await buildDigest(
      deps,
      { organisationId, personId: board!.leaderId, week: '2026-W48' },
      { minGroupSize: 3 },
    );
    if (!digest.ok) throw new Error(digest.code);
    expect(digest.value.body.phases.map((p) => p.phase)).toEqual([4, 2]);

    // Only a fresh database gets a demo.
    expect(await seedDemoBoard(deps, { history: true })).toBeNull();
  });

  it('is the same story on every fresh start with the same clock, in the board language', async () => {
    const first = await seedDemoBoard(testDeps(t.store, fakeClock(NOW)), { history: true });
    const other = createMemoryStore();
    const second = await seedDemoBoard(testDeps(other, fakeClock(NOW)), { history: true });
    expect(await story(other, second!.organisationId)).toEqual(await story(t.store, first!.organisationId));

    const english = createMemoryStore();
    const board = await seedDemoBoard(testDeps(english, fakeClock(NOW)), { history: true, locale: 'en' });
    expect(await english.organisations.get(board!.organisationId)).toMatchObject({ locale: 'en' });
    expect((await english.people.list(board!.organisationId)).every((p) => p.locale === 'en')).toBe(true);
    const { rounds } = await story(english, board!.organisationId);
    expect(rounds.some((r) => r.includes('reading comprehension'))).toBe(true);
  });
});
