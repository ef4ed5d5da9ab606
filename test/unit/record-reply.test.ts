import { describe, expect, it } from 'vitest';
import { openRound } from '../../src/dialogues/open-round.js';
import {
  deleteThreadReply,
  editThreadReply,
  myAnswers,
  recordAnswers,
  recordThreadReply,
} from '../../src/dialogues/record-reply.js';
import { closeRound } from '../../src/dialogues/round-lifecycle.js';
import { MAX_REPLY_CHARS } from '../../src/dialogues/limits.js';
import { buildWorld } from '../support/world.js';

async function openWorld(options: { anonymous?: boolean } = {}) {
  const world = await buildWorld();
  const coordinator = await world.person('Coby', 'coordinator', { kind: 'organisation' });
  const member = await world.person('Mo');
  const template = options.anonymous
    ? {
        id: 'tpl',
        organisationId: world.organisationId,
        name: 'Anoniem',
        theme: 'welzijn',
        aspect: 'hrm' as const,
        questions: [{ key: 'right_things' as const }, { key: 'next_steps' as const }],
        metricKeys: [],
        responseWindowHours: 48,
        remindAfterHours: null,
        anonymous: true,
        audience: 'team' as const,
        shareWhileOpen: false,
        createdAt: new Date(),
      }
    : null;
  const opened = await openRound(world.deps, {
    organisationId: world.organisationId,
    teamId: world.team.id,
    trigger: 'ad_hoc',
    triggeredBy: coordinator.id,
    template,
    theme: 'rekenen',
  });
  if (!opened.ok) throw new Error(opened.code);
  return { ...world, coordinator, member, round: opened.value.round };
}

describe('thread replies', () => {
  it('stores a redelivered message (same platform message id) once', async () => {
    const w = await openWorld();
    const input = {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      text: '3. De toetsen laten het zien',
      platform: 'slack' as const,
      platformMessageId: 'C1:1700000000.0001',
    };
    const first = await recordThreadReply(w.deps, input);
    const again = await recordThreadReply(w.deps, input);
    expect(first.ok && first.value.duplicate).toBe(false);
    expect(again.ok && again.value.duplicate).toBe(true);
    const replies = await w.store.replies.listByRound(w.organisationId, w.round.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ questionKey: 'evidence', text: 'De toetsen laten het zien', source: 'thread' });
  });

  it('applies an edit and a deletion of the platform message', async () => {
    const w = await openWorld();
    await recordThreadReply(w.deps, {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      text: 'algemene opmerking',
      platform: 'slack',
      platformMessageId: 'm1',
    });
    const edited = await editThreadReply(w.deps, {
      organisationId: w.organisationId,
      platform: 'slack',
      platformMessageId: 'm1',
      text: '1: ja, dat doen we',
    });
    expect(edited.ok).toBe(true);
    let replies = await w.store.replies.listByRound(w.organisationId, w.round.id);
    expect(replies[0]).toMatchObject({ questionKey: 'right_things', text: 'ja, dat doen we' });
    expect(replies[0]?.editedAt).not.toBeNull();
    await deleteThreadReply(w.deps, { organisationId: w.organisationId, platform: 'slack', platformMessageId: 'm1' });
    replies = await w.store.replies.listByRound(w.organisationId, w.round.id);
    expect(replies).toHaveLength(0);
  });

  it('refuses a reply to a closed round with a clear code and stores nothing', async () => {
    const w = await openWorld();
    const closed = await closeRound(w.deps, w.organisationId, w.round.id, w.coordinator.id);
    expect(closed.ok).toBe(true);
    const late = await recordThreadReply(w.deps, {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      text: 'te laat',
      platform: 'slack',
      platformMessageId: 'late',
    });
    expect(late).toMatchObject({ ok: false, code: 'round.closed', details: { theme: 'rekenen' } });
    expect(await w.store.replies.listByRound(w.organisationId, w.round.id)).toHaveLength(0);
  });

  it('refuses a reply after the window ended even before the tick closed the round', async () => {
    const w = await openWorld();
    w.deps.clock.advance(49 * 3600_000);
    const late = await recordThreadReply(w.deps, {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      text: 'x',
      platform: 'web',
      platformMessageId: 'w1',
    });
    expect(late.ok ? 'stored' : late.code).toBe('round.closed');
  });

  it('refuses text that is too long, whole, with its length', async () => {
    const w = await openWorld();
    const long = 'a'.repeat(MAX_REPLY_CHARS + 1);
    const result = await recordThreadReply(w.deps, {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      text: long,
      platform: 'web',
      platformMessageId: 'w2',
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'reply.too_long',
      details: { max: MAX_REPLY_CHARS, length: MAX_REPLY_CHARS + 1 },
    });
    expect(await w.store.replies.listByRound(w.organisationId, w.round.id)).toHaveLength(0);
  });

  it('refuses someone outside the team', async () => {
    const w = await openWorld();
    const outsider = await w.person('Olaf', 'member', { kind: 'team', teamId: 'another-team' });
    const result = await recordThreadReply(w.deps, {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: outsider.id,
      text: 'hoi',
      platform: 'web',
      platformMessageId: 'w3',
    });
    expect(result).toMatchObject({ ok: false, code: 'permission.denied', details: { role: 'member' } });
  });
});

describe('form answers', () => {
  it('keeps one answer per question per person: answering again edits, empty clears', async () => {
    const w = await openWorld();
    const base = {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      source: 'web' as const,
      platform: 'web' as const,
    };
    const first = await recordAnswers(w.deps, {
      ...base,
      answers: [
        { key: 'right_things', text: 'Ja' },
        { key: 'done_well', text: 'Deels' },
      ],
    });
    expect(first).toEqual({ ok: true, value: { saved: 2, updated: 0, cleared: 0 } });
    const second = await recordAnswers(w.deps, {
      ...base,
      answers: [
        { key: 'right_things', text: 'Ja, zeker' },
        { key: 'done_well', text: '' },
      ],
    });
    expect(second).toEqual({ ok: true, value: { saved: 0, updated: 1, cleared: 1 } });
    expect(await myAnswers(w.deps, w.organisationId, w.round.id, w.member.id)).toEqual({ right_things: 'Ja, zeker' });
  });

  it('turns a next_steps answer into an open action whose title follows edits', async () => {
    const w = await openWorld();
    const base = {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      source: 'form' as const,
      platform: 'slack' as const,
    };
    await recordAnswers(w.deps, {
      ...base,
      answers: [{ key: 'next_steps', text: 'Leesmonitor invoeren\nmet de IB-er' }],
    });
    let actions = await w.store.actions.listByTeam(w.organisationId, w.team.id);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ title: 'Leesmonitor invoeren', status: 'open', roundId: w.round.id });
    await recordAnswers(w.deps, { ...base, answers: [{ key: 'next_steps', text: 'Leesmonitor in januari' }] });
    actions = await w.store.actions.listByTeam(w.organisationId, w.team.id);
    expect(actions.map((a) => a.title)).toEqual(['Leesmonitor in januari']);
  });

  it('stores no author in an anonymous round, yet the person can still edit their answer', async () => {
    const w = await openWorld({ anonymous: true });
    const base = {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      source: 'card' as const,
      platform: 'teams' as const,
    };
    await recordAnswers(w.deps, { ...base, answers: [{ key: 'right_things', text: 'Twijfel' }] });
    await recordAnswers(w.deps, { ...base, answers: [{ key: 'right_things', text: 'Toch wel' }] });
    const replies = await w.store.replies.listByRound(w.organisationId, w.round.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.authorPersonId).toBeNull();
    expect(replies[0]?.authorToken).not.toContain(w.member.id);
    expect(replies[0]?.text).toBe('Toch wel');
  });

  it('refuses a question that is not part of the round', async () => {
    const w = await openWorld({ anonymous: true });
    const result = await recordAnswers(w.deps, {
      organisationId: w.organisationId,
      roundId: w.round.id,
      personId: w.member.id,
      source: 'web',
      platform: 'web',
      answers: [{ key: 'evidence', text: 'x' }],
    });
    expect(result).toMatchObject({ ok: false, code: 'question.not_in_round' });
  });
});
