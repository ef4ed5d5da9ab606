import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelHarness, HarnessFactory } from './harness.js';
import { createSlackHarness } from './harness-slack.js';
import { createTeamsHarness } from './harness-teams.js';
import { createWebHarness } from './harness-web.js';

/**
 * The same story over every channel adapter: bind a channel, start a round, answer it in a form
 * and in the thread, see redeliveries stored once, refusals for members, and hostile text inert.
 */
const HARNESSES: [string, HarnessFactory][] = [
  ['web', createWebHarness],
  ['slack', createSlackHarness],
  ['teams', createTeamsHarness],
];

for (const [name, factory] of HARNESSES) {
  describe(`channel contract: ${name}`, () => {
    let h: ChannelHarness;
    let roundId = '';
    beforeAll(async () => {
      h = await factory();
    });
    afterAll(async () => h?.close());

    it('refuses a member who tries to bind a channel, and binds for a coordinator', async () => {
      const refused = await h.bind('member1', 'Groep 5');
      expect(refused).toMatch(/coördinator|coordinator/);
      expect(await h.store.teams.findByName(h.organisationId, 'Groep 5')).toHaveLength(0);
      const bound = await h.bind('coordinator', 'Groep 5');
      expect(bound).toContain('Groep 5');
      expect(await h.store.teams.findByName(h.organisationId, 'Groep 5')).toHaveLength(1);
    });

    it('refuses a member who tries to start a round', async () => {
      const refused = await h.startRound('member1', 'mag niet');
      expect(refused).toMatch(/coördinator|coordinator/);
      expect(await h.store.rounds.list(h.organisationId)).toHaveLength(0);
    });

    it('posts one prompt for a round a coordinator starts', async () => {
      await h.startRound('coordinator', 'begrijpend lezen');
      await h.flush();
      const prompts = await h.prompts();
      expect(prompts).toHaveLength(1);
      roundId = prompts[0]?.roundId ?? '';
      expect(prompts[0]?.text).toContain('Doen we de goede dingen?');
      expect(prompts[0]?.text).toContain('Wat doen we ermee?');
    });

    it('stores form answers and lets the person edit them', async () => {
      await h.answerForm('member1', roundId, { right_things: 'Ja', evidence: 'De Cito-scores' });
      await h.answerForm('member1', roundId, { right_things: 'Ja, grotendeels', evidence: 'De Cito-scores' });
      const replies = await h.store.replies.listByRound(h.organisationId, roundId);
      expect(replies.map((r) => [r.questionKey, r.text]).sort()).toEqual([['evidence', 'De Cito-scores'], ['right_things', 'Ja, grotendeels']]);
    });

    it('stores a redelivered thread message once, mapped by the thread rule', async () => {
      await h.threadReply('member2', roundId, '5. Een leesplan voor groep 5', 'msg-0001');
      await h.threadReply('member2', roundId, '5. Een leesplan voor groep 5', 'msg-0001');
      const replies = (await h.store.replies.listByRound(h.organisationId, roundId)).filter((r) => r.source === 'thread');
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ questionKey: 'next_steps', text: 'Een leesplan voor groep 5' });
    });

    it('keeps hostile answers inert wherever they are shown', async () => {
      const hostile = '<!channel> @here <script>alert(1)</script> [klik](http://evil.example) <http://evil.example|bank>';
      await h.answerForm('member2', roundId, { done_well: hostile });
      await h.threadReply('member2', roundId, `2. ${hostile}`, 'msg-0002');
      expect((await h.store.replies.listByRound(h.organisationId, roundId)).filter((r) => r.text === hostile)).toHaveLength(2);
      const all = await h.allPostedText();
      if (name === 'web') expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(all).not.toContain('<script>alert(1)</script>');
      expect(all).not.toMatch(/<!channel>/);
      expect(all).not.toMatch(/<http:\/\/evil\.example\|bank>/);
    });
  });
}
