import { describe, expect, it } from 'vitest';
import { handleThreadMessage } from '../../src/dialogues/inbound-message.js';
import { postedRound } from '../support/posted-round.js';
import { buildWorld } from '../support/world.js';

/**
 * Teams without channel-message consent delivers only messages that mention the bot. The rule
 * lives in the use case: in a round's thread a mention that is no command is an answer (confirmed),
 * a known command is handed back to be run, and nothing else changes for plain replies.
 */
describe('a message that addresses the bot in a round thread', () => {
  it('is an answer when it is not a command, a command when it is, and stored once', async () => {
    const w = await buildWorld();
    const { member, round } = await postedRound(w);
    const base = {
      kind: 'new' as const,
      platform: 'web' as const,
      channel: { workspaceId: 'local', channelId: 'groep-7' },
      threadId: 'root',
      sender: async () => member,
    };

    expect(
      await handleThreadMessage(w.deps, {
        ...base,
        messageId: 'm1',
        eventId: 'e1',
        text: '2. Ja',
        addressed: 'mention',
      }),
    ).toEqual({ kind: 'stored', confirm: true });
    expect(
      await handleThreadMessage(w.deps, {
        ...base,
        messageId: 'm1',
        eventId: 'e1',
        text: '2. Ja',
        addressed: 'mention',
      }),
    ).toEqual({ kind: 'duplicate' });
    expect(
      await handleThreadMessage(w.deps, { ...base, messageId: 'm2', text: 'acties', addressed: 'command' }),
    ).toEqual({ kind: 'command' });
    expect(await handleThreadMessage(w.deps, { ...base, messageId: 'm3', text: 'gewoon een reactie' })).toEqual({
      kind: 'stored',
    });
    // Outside a round's thread a command is not this use case's business.
    expect(
      await handleThreadMessage(w.deps, {
        ...base,
        threadId: 'elsewhere',
        messageId: 'm4',
        text: 'acties',
        addressed: 'command',
      }),
    ).toEqual({ kind: 'ignored' });
    expect((await w.store.replies.listByRound(w.organisationId, round.id)).map((r) => [r.questionKey, r.text])).toEqual(
      [
        ['done_well', 'Ja'],
        [null, 'gewoon een reactie'],
      ],
    );
  });
});
