import { openRound } from '../../src/dialogues/open-round.js';
import type { World } from './world.js';

/**
 * A world with coordinator Coby and member Mo, and an ad-hoc round whose prompt is posted as
 * 'root' in the bound channel: that post's thread is the round's.
 */
export async function postedRound(w: World) {
  const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
  const member = await w.person('Mo');
  const opened = await openRound(w.deps, {
    organisationId: w.organisationId,
    teamId: w.team.id,
    trigger: 'ad_hoc',
    triggeredBy: coordinator.id,
    template: null,
  });
  if (!opened.ok) throw new Error(opened.code);
  const round = opened.value.round;
  const [prompt] = await w.store.deliveries.list(w.organisationId, { roundId: round.id });
  if (!prompt) throw new Error('no prompt enqueued');
  await w.store.deliveries.markSent(prompt.id, 'root', w.deps.clock.now());
  return { coordinator, member, round };
}
