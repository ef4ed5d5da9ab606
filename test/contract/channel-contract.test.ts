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

    it('answers help with a short list grouped by role, and koppel without a team with what is missing', async () => {
      const help = await h.command('member1', 'help');
      expect(help).toContain('Iedereen:');
      expect(help).toContain('Coördinator: koppel <team>');
      expect(help).toContain('Leiding: digest');
      expect(help.length).toBeLessThan(600);
      const missing = await h.command('coordinator', 'koppel');
      expect(missing).toContain('Welk team? Typ koppel gevolgd door de naam van het team');
      expect(missing).toContain('Groep 5');
      expect(missing).not.toContain('Dat commando ken ik niet');
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
      expect(replies.map((r) => [r.questionKey, r.text]).sort()).toEqual([
        ['evidence', 'De Cito-scores'],
        ['right_things', 'Ja, grotendeels'],
      ]);
    });

    it('stores a redelivered thread message once, mapped by the thread rule', async () => {
      await h.threadReply('member2', roundId, '5. Een leesplan voor groep 5', 'msg-0001');
      await h.threadReply('member2', roundId, '5. Een leesplan voor groep 5', 'msg-0001');
      const replies = (await h.store.replies.listByRound(h.organisationId, roundId)).filter(
        (r) => r.source === 'thread',
      );
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ questionKey: 'next_steps', text: 'Een leesplan voor groep 5' });
    });

    it('honours an edit and a deletion of a thread message while the round is open, each once', async () => {
      const mine = async () =>
        (await h.store.replies.listByRound(h.organisationId, roundId)).filter(
          (r) => r.platformMessageId?.includes(':') && r.text.includes('versie'),
        );
      await h.threadReply('member1', roundId, '1. Eerste versie', 'msg-edit-01');
      expect(await mine()).toMatchObject([{ questionKey: 'right_things', text: 'Eerste versie', editedAt: null }]);
      await h.editThread('member1', roundId, 'msg-edit-01', '2. Tweede versie', { redelivery: true });
      const edited = await mine();
      expect(edited).toMatchObject([{ questionKey: 'done_well', text: 'Tweede versie', deletedAt: null }]);
      expect(edited[0]?.editedAt).toBeInstanceOf(Date);
      await h.deleteThread('member1', roundId, 'msg-edit-01');
      expect(await mine()).toEqual([]); // a round's list leaves deleted replies out
      // A late edit after the deletion brings nothing back.
      await h.editThread('member1', roundId, 'msg-edit-01', '3. Derde versie');
      expect(await mine()).toEqual([]);
    });

    it('keeps hostile answers inert wherever they are shown', async () => {
      const hostile =
        '<!channel> @here <script>alert(1)</script> [klik](http://evil.example) <http://evil.example|bank>';
      await h.answerForm('member2', roundId, { done_well: hostile });
      await h.threadReply('member2', roundId, `2. ${hostile}`, 'msg-0002');
      expect(
        (await h.store.replies.listByRound(h.organisationId, roundId)).filter((r) => r.text === hostile),
      ).toHaveLength(2);
      const all = await h.allPostedText();
      if (name === 'web') expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(all).not.toContain('<script>alert(1)</script>');
      expect(all).not.toMatch(/<!channel>/);
      expect(all).not.toMatch(/<http:\/\/evil\.example\|bank>/);
    });

    it('refuses to edit a thread answer once the round has closed, and keeps it', async () => {
      await h.store.rounds.markClosed(h.organisationId, roundId, new Date());
      await h.editThread('member2', roundId, 'msg-0001', '5. Toch iets anders');
      const replies = (await h.store.replies.listByRound(h.organisationId, roundId)).filter(
        (r) => r.text.includes('leesplan') || r.text.includes('anders'),
      );
      expect(replies).toMatchObject([{ questionKey: 'next_steps', text: 'Een leesplan voor groep 5' }]);
    });
  });
}
