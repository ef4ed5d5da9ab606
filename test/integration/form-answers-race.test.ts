import { expect, it } from 'vitest';
import { openRound } from '../../src/dialogues/open-round.js';
import { recordAnswers, type AnswerInput } from '../../src/dialogues/record-reply.js';
import { forEachStore } from '../support/db.js';
import { buildWorld } from '../support/world.js';
import { aReply, id } from './builders.js';

/**
 * Two copies of one form submission (a redelivered Teams Action.Execute, a double-clicked Slack
 * modal or web form) arriving at the same moment store one answer per question.
 */
forEachStore('form answers submitted concurrently', (t) => {
  async function openWorld() {
    const world = await buildWorld(t.store);
    const coordinator = await world.person('Coby', 'coordinator', { kind: 'organisation' });
    const member = await world.person('Mo');
    const opened = await openRound(world.deps, {
      organisationId: world.organisationId,
      teamId: world.team.id,
      trigger: 'ad_hoc',
      triggeredBy: coordinator.id,
      template: null,
      theme: 'rekenen',
    });
    if (!opened.ok) throw new Error(opened.code);
    const input = (answers: AnswerInput['answers']): AnswerInput => ({
      organisationId: world.organisationId,
      roundId: opened.value.round.id,
      personId: member.id,
      answers,
      source: 'card',
      platform: 'teams',
    });
    return { ...world, round: opened.value.round, input };
  }

  it('stores identical concurrent submissions once, with one action', async () => {
    const w = await openWorld();
    const input = w.input([
      { key: 'evidence', text: 'De Cito-scores stijgen' },
      { key: 'next_steps', text: 'Elke dag lezen' },
    ]);
    // Half of the copies go through a second connection pool, as a second bot process would.
    const outcomes = await Promise.all(
      [0, 1, 2, 3].map((i) => recordAnswers({ ...w.deps, store: i % 2 === 0 ? t.store : t.peer }, input)),
    );

    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.reduce((sum, o) => sum + (o.ok ? o.value.saved : 0), 0)).toBe(2);
    const replies = await t.store.replies.listByRound(w.organisationId, w.round.id);
    expect(replies.map((r) => [r.questionKey, r.text]).sort()).toEqual([
      ['evidence', 'De Cito-scores stijgen'],
      ['next_steps', 'Elke dag lezen'],
    ]);
    const actions = await t.store.actions.listByTeam(w.organisationId, w.team.id);
    expect(actions.map((a) => a.title)).toEqual(['Elke dag lezen']);
  });

  it('treats a concurrent submission with other text as an edit of the one stored first', async () => {
    const w = await openWorld();
    const texts = ['eerste versie', 'tweede versie', 'derde versie'];
    const outcomes = await Promise.all(
      texts.map((text, i) =>
        recordAnswers({ ...w.deps, store: i % 2 === 0 ? t.store : t.peer }, w.input([{ key: 'done_well', text }])),
      ),
    );

    const counted = outcomes.map((o) => (o.ok ? o.value : null));
    expect(counted.filter((c) => c?.saved === 1)).toHaveLength(1);
    expect(counted.every((c) => c !== null && c.saved + c.updated <= 1 && c.cleared === 0)).toBe(true);
    const replies = await t.store.replies.listByRound(w.organisationId, w.round.id);
    expect(replies).toHaveLength(1);
    expect(texts).toContain(replies[0]?.text);
  });

  it('keeps one live form answer per round, question and author token in the store', async () => {
    const w = await openWorld();
    const form = {
      source: 'form' as const,
      platform: null,
      platformMessageId: null,
      questionKey: 'evidence' as const,
      authorToken: 'tok',
    };
    const first = aReply(w.organisationId, w.round.id, form);
    expect(await t.store.replies.insert(first)).toEqual({ inserted: true });
    expect(await t.store.replies.insert({ ...first, id: id(), text: 'again' })).toEqual({
      inserted: false,
      existing: first,
    });
    // Another author, another question, a thread message or a guest view is another answer.
    for (const other of [
      { authorToken: 'other' },
      { questionKey: 'done_well' as const },
      { source: 'thread' as const },
      { source: 'guest' as const },
    ]) {
      expect(await t.store.replies.insert(aReply(w.organisationId, w.round.id, { ...form, ...other }))).toEqual({
        inserted: true,
      });
    }
    // Once the answer is cleared, a new one may be stored.
    await t.store.replies.markDeleted(w.organisationId, first.id, new Date());
    expect(await t.store.replies.insert(aReply(w.organisationId, w.round.id, form))).toEqual({ inserted: true });
  });
});
