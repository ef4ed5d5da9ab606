import { describe, expect, it } from 'vitest';
import { retryDelivery } from '../../src/dialogues/operator-actions.js';
import {
  listDeliveries,
  listPeopleWithRoles,
  listRoundReplies,
  listRounds,
} from '../../src/dialogues/operator-reads.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { postedRound } from '../support/posted-round.js';
import { buildWorld } from '../support/world.js';

describe('what the operator reads (the CLI listings)', () => {
  it('lists rounds with their team name, answer count and number of people who answered', async () => {
    const w = await buildWorld();
    const { coordinator, member, round } = await postedRound(w);
    const answer = (personId: string, keys: ('right_things' | 'done_well')[]) =>
      recordAnswers(w.deps, {
        organisationId: w.organisationId,
        roundId: round.id,
        personId,
        source: 'web',
        platform: 'web',
        answers: keys.map((key) => ({ key, text: 'Ja' })),
      });
    expect((await answer(member.id, ['right_things', 'done_well'])).ok).toBe(true);
    expect((await answer(coordinator.id, ['right_things'])).ok).toBe(true);

    const [listed, ...rest] = await listRounds(w.deps, w.organisationId, { limit: 10 });
    expect(rest).toEqual([]);
    expect(listed).toMatchObject({ id: round.id, teamName: 'Groep 7', replies: 3, participants: 2 });
    expect(await listRounds(w.deps, w.organisationId, { status: 'closed', limit: 10 })).toEqual([]);

    expect(await listRoundReplies(w.deps, w.organisationId, round.id)).toHaveLength(3);
    expect(await listRoundReplies(w.deps, w.organisationId, 'no-such-round')).toBeNull();
  });

  it('lists people with their roles', async () => {
    const w = await buildWorld();
    const coby = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const rows = await listPeopleWithRoles(w.deps, w.organisationId);
    expect(rows.find((p) => p.id === coby.id)?.roles.map((r) => r.role)).toEqual(['coordinator']);
  });

  it('queues only a failed or unclear delivery again', async () => {
    const w = await buildWorld();
    await postedRound(w);
    const [sent] = await listDeliveries(w.deps, w.organisationId, ['sent']);
    if (!sent) throw new Error('no sent prompt');
    expect(await retryDelivery(w.deps, w.organisationId, sent.id)).toBe(false);
    expect(await retryDelivery(w.deps, w.organisationId, 'no-such-delivery')).toBe(false);

    await w.store.deliveries.finish(sent.id, 'unclear', 'timeout');
    expect(await retryDelivery(w.deps, w.organisationId, sent.id)).toBe(true);
    expect(await listDeliveries(w.deps, w.organisationId, ['pending'])).toMatchObject([{ id: sent.id }]);
  });
});
