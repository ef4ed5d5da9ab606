import { expect, it } from 'vitest';
import { openRound, type OpenRoundInput } from '../../src/dialogues/open-round.js';
import type { Store } from '../../src/dialogues/ports.js';
import { forEachStore } from '../support/db.js';
import { buildWorld } from '../support/world.js';

/**
 * One open round per team, held by the database: two processes that both find no open round
 * (a double click reaching two replicas) cannot both open one; a confirmed second and a planned
 * round beside an open one still open.
 */
forEachStore('one open round per team', (t) => {
  async function twoReplicas() {
    const w = await buildWorld(t.store);
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const input: OpenRoundInput = {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: coordinator.id,
      template: null,
      theme: 'begrijpend lezen',
    };
    // The second replica read the team's rounds before the first one's insert: it sees none open.
    const stale: Store = { ...t.peer, rounds: { ...t.peer.rounds, list: async () => [] } };
    const peerDeps = { ...w.deps, store: stale };
    return { w, input, peerDeps };
  }

  it('lets one of two replicas open the round; the other is told a round is open', async () => {
    const { w, input, peerDeps } = await twoReplicas();
    const first = await openRound(w.deps, input);
    const second = await openRound(peerDeps, input);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'round.already_open' });
    const open = await t.store.rounds.list(w.organisationId, { teamId: w.team.id, status: 'open' });
    expect(open).toHaveLength(1);
    // Nothing of the refused round was left behind: one prompt per bound channel, for the one round.
    expect(await t.store.deliveries.list(w.organisationId, {})).toHaveLength(1);
  });

  it('opens exactly one when both replicas start at the same moment', async () => {
    const { w, input, peerDeps } = await twoReplicas();
    const results = await Promise.all([openRound(w.deps, input), openRound(peerDeps, input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'round.already_open')).toHaveLength(1);
    expect(await t.store.rounds.list(w.organisationId, { teamId: w.team.id, status: 'open' })).toHaveLength(1);
  });

  it('still opens a confirmed second, and a planned round beside an open one', async () => {
    const { w, input, peerDeps } = await twoReplicas();
    expect((await openRound(w.deps, input)).ok).toBe(true);
    const confirmed = await openRound(peerDeps, { ...input, secondConfirmed: true });
    expect(confirmed.ok && confirmed.value.round.secondConfirmed).toBe(true);
    const planned = await openRound(peerDeps, {
      ...input,
      trigger: 'scheduled',
      triggeredBy: null,
      occurrenceAt: w.deps.clock.now(),
    });
    expect(planned.ok && planned.value.created).toBe(true);
    expect(await t.store.rounds.list(w.organisationId, { teamId: w.team.id, status: 'open' })).toHaveLength(3);
  });
});
