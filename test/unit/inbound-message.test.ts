import { describe, expect, it } from 'vitest';
import { handleThreadMessage } from '../../src/dialogues/inbound-message.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { buildWorld } from '../support/world.js';

/** The one inbound use case every channel calls; the channels themselves are in test/contract. */
async function openWorld() {
  const world = await buildWorld();
  const coordinator = await world.person('Coby', 'coordinator', { kind: 'organisation' });
  const member = await world.person('Mo');
  const other = await world.person('Noor');
  const opened = await openRound(world.deps, {
    organisationId: world.organisationId,
    teamId: world.team.id,
    trigger: 'ad_hoc',
    triggeredBy: coordinator.id,
    template: null,
    theme: 'rekenen',
  });
  if (!opened.ok) throw new Error(opened.code);
  return { ...world, member, other, round: opened.value.round };
}

describe('handleThreadMessage', () => {
  it('lets only the author change a message when the channel does not vouch for it (web)', async () => {
    const w = await openWorld();
    const base = { platform: 'web' as const, organisationId: w.organisationId, messageId: 'web:m-000001' };
    const sender = async () => w.member;
    expect(
      await handleThreadMessage(w.deps, { ...base, kind: 'new', roundId: w.round.id, text: '1. Ja', sender }),
    ).toEqual({ kind: 'stored' });
    expect(
      await handleThreadMessage(w.deps, { ...base, kind: 'edited', text: '1. Nee', byPersonId: w.other.id }),
    ).toEqual({ kind: 'ignored' });
    expect(await handleThreadMessage(w.deps, { ...base, kind: 'deleted', byPersonId: w.other.id })).toEqual({
      kind: 'ignored',
    });
    expect(await w.store.replies.listByRound(w.organisationId, w.round.id)).toMatchObject([{ text: 'Ja' }]);
    expect(
      await handleThreadMessage(w.deps, { ...base, kind: 'edited', text: '1. Ja, zeker', byPersonId: w.member.id }),
    ).toEqual({ kind: 'edited' });
    expect(await w.store.replies.listByRound(w.organisationId, w.round.id)).toMatchObject([{ text: 'Ja, zeker' }]);
  });

  it('ignores a message in an unbound channel, in another organisation, or outside a prompt thread, and asks for no sender', async () => {
    const w = await openWorld();
    let asked = 0;
    const sender = async () => ((asked += 1), w.member);
    const base = { kind: 'new' as const, platform: 'web' as const, messageId: 'x:1', text: '1. Ja', sender };
    expect(
      await handleThreadMessage(w.deps, {
        ...base,
        channel: { workspaceId: 'local', channelId: 'elders' },
        threadId: 'root',
      }),
    ).toEqual({ kind: 'ignored' });
    expect(
      await handleThreadMessage(w.deps, {
        ...base,
        channel: { workspaceId: 'local', channelId: 'groep-7' },
        threadId: 'not-a-prompt',
      }),
    ).toEqual({ kind: 'ignored' });
    expect(
      await handleThreadMessage(w.deps, {
        ...base,
        organisationId: 'another',
        channel: { workspaceId: 'local', channelId: 'groep-7' },
        threadId: 'root',
      }),
    ).toEqual({ kind: 'ignored' });
    expect(asked).toBe(0);
  });

  it('tells an edit redelivered with the same event id as a duplicate, and a refusal with the sender', async () => {
    const w = await openWorld();
    const base = { platform: 'web' as const, organisationId: w.organisationId, messageId: 'web:m-000002' };
    await handleThreadMessage(w.deps, {
      ...base,
      kind: 'new',
      roundId: w.round.id,
      text: 'opmerking',
      sender: async () => w.member,
    });
    const edit = { ...base, kind: 'edited' as const, text: '2. Goed', eventId: 'ev-edit-1' };
    expect(await handleThreadMessage(w.deps, edit)).toEqual({ kind: 'edited' });
    expect(await handleThreadMessage(w.deps, { ...edit, text: '2. Anders' })).toEqual({ kind: 'duplicate' });
    const tooLong = await handleThreadMessage(w.deps, {
      ...base,
      kind: 'new',
      roundId: w.round.id,
      messageId: 'web:m-000003',
      text: 'x'.repeat(20_000),
      sender: async () => w.member,
    });
    expect(tooLong).toMatchObject({
      kind: 'refused',
      failure: { code: 'reply.too_long' },
      personId: w.member.id,
      locale: 'nl',
    });
  });
});
