import { describe, expect, it } from 'vitest';
import { parseActivity } from '../../src/bot/teams/teams-activity.js';
import { closeDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { handleThreadMessage } from '../../src/dialogues/inbound-message.js';
import { ANOUK, TENANT, threadEdit, threadUndelete } from '../support/teams-activities.js';
import { postedRound } from '../support/posted-round.js';
import { buildWorld } from '../support/world.js';

const HOUR = 3_600_000;

describe('a deleted thread message that comes back (Teams undelete)', () => {
  it('is parsed as an edit that restores, and a plain edit is not', () => {
    expect(parseActivity(threadUndelete('https://smba.example/', ANOUK, '100', '2. Ja', '101'), TENANT)).toMatchObject({
      kind: 'edited',
      activityId: '101',
      text: '2. Ja',
      restored: true,
    });
    expect(parseActivity(threadEdit('https://smba.example/', ANOUK, '100', '2. Ja', '101'), TENANT)).not.toHaveProperty(
      'restored',
    );
  });

  it('brings the reply back while the round is open, like an edit, and not after it closed', async () => {
    const w = await buildWorld();
    const { member, round } = await postedRound(w);
    const base = { platform: 'web' as const, channel: { workspaceId: 'local', channelId: 'groep-7' }, messageId: 'm1' };
    const texts = async () =>
      (await w.store.replies.listByRound(w.organisationId, round.id)).map((r) => [r.questionKey, r.text]);

    const sent = { ...base, kind: 'new' as const, threadId: 'root', text: '2. Ja', sender: async () => member };
    expect(await handleThreadMessage(w.deps, { ...sent, eventId: 'e1' })).toEqual({ kind: 'stored' });
    expect(await handleThreadMessage(w.deps, { ...base, kind: 'deleted', eventId: 'e2' })).toEqual({ kind: 'deleted' });
    expect(await texts()).toEqual([]);
    // A plain edit of a deleted message changes nothing; a restore brings it back with its text.
    expect(await handleThreadMessage(w.deps, { ...base, kind: 'edited', text: '2. Nee', eventId: 'e3' })).toEqual({
      kind: 'ignored',
    });
    const restore = { ...base, kind: 'edited' as const, text: '2. Ja, zeker', restored: true };
    expect(await handleThreadMessage(w.deps, { ...restore, eventId: 'e4' })).toEqual({ kind: 'edited' });
    expect(await texts()).toEqual([['done_well', 'Ja, zeker']]);
    // Redelivered: nothing changes again.
    expect(await handleThreadMessage(w.deps, { ...restore, eventId: 'e4' })).toEqual({ kind: 'duplicate' });

    // After the round closed, a deletion is still honoured but a restore is refused.
    expect(await handleThreadMessage(w.deps, { ...base, kind: 'deleted', eventId: 'e5' })).toEqual({ kind: 'deleted' });
    w.deps.clock.advance(100 * HOUR);
    expect(await closeDueRounds(w.deps)).toBe(1);
    expect(await handleThreadMessage(w.deps, { ...restore, eventId: 'e6' })).toMatchObject({
      kind: 'refused',
      failure: { code: 'round.closed' },
    });
    expect(await texts()).toEqual([]);
  });
});
