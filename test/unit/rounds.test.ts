import { describe, expect, it } from 'vitest';
import { openRound, promptKey } from '../../src/dialogues/open-round.js';
import { closeDueRounds, nonResponders, remindDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { isQuietTime, quietUntil } from '../../src/dialogues/quiet-hours.js';
import { buildWorld, movableClock } from '../support/world.js';

describe('opening a round', () => {
  it('stores the round and one pending prompt delivery per bound channel, atomically', async () => {
    const w = await buildWorld();
    await w.store.bindings.upsert({ ...w.binding, id: 'second', channelId: 'groep-7-extra', name: '#extra' });
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const opened = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: coordinator.id,
      template: null,
      theme: 'begrijpend lezen',
    });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.deliveries).toBe(2);
    const deliveries = await w.store.deliveries.list(w.organisationId, { roundId: opened.value.round.id });
    expect(deliveries.map((d) => d.dedupeKey).sort()).toEqual(
      [promptKey(opened.value.round.id, 'second'), promptKey(opened.value.round.id, w.binding.id)].sort(),
    );
    expect(deliveries.every((d) => d.status === 'pending' && d.message.kind === 'round.prompt')).toBe(true);
    expect(opened.value.round.questions.map((q) => q.key)).toEqual([
      'right_things',
      'done_well',
      'evidence',
      'outside_view',
      'next_steps',
    ]);
    expect((await w.store.audit.list(w.organisationId)).map((a) => a.action)).toContain('round.opened');
  });

  it('refuses a team without a bound channel', async () => {
    const w = await buildWorld();
    await w.store.teams.create({
      id: 'lonely',
      organisationId: w.organisationId,
      schoolId: w.schoolId,
      name: 'Groep 8',
    });
    const opened = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: 'lonely',
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
    });
    expect(opened).toMatchObject({ ok: false, code: 'round.no_channels', details: { team: 'Groep 8' } });
    expect(await w.store.rounds.list(w.organisationId)).toHaveLength(0);
  });

  it('makes a scheduled occurrence once, however often it is asked', async () => {
    const w = await buildWorld();
    const input = {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'scheduled' as const,
      triggeredBy: null,
      template: null,
      scheduleId: 'sched',
      occurrenceAt: new Date('2026-11-23T08:00:00Z'),
    };
    const first = await openRound(w.deps, input);
    const second = await openRound(w.deps, input);
    expect(first.ok && first.value.created).toBe(true);
    expect(second.ok && second.value.created).toBe(false);
    expect(second.ok && first.ok && second.value.round.id).toBe(first.ok ? first.value.round.id : '');
    expect(await w.store.rounds.list(w.organisationId)).toHaveLength(1);
    expect(await w.store.deliveries.list(w.organisationId)).toHaveLength(1);
  });
});

describe('reminding and closing', () => {
  it('reminds once, in the prompt thread, not in quiet hours, and closes with a summary', async () => {
    const clock = movableClock('2026-11-23T08:00:00Z'); // Monday 09:00 in Amsterdam
    const w = await buildWorld(undefined, clock);
    const member = await w.person('Mo');
    const opened = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme: 'lezen',
    });
    if (!opened.ok) throw new Error(opened.code);
    const round = opened.value.round;
    await recordAnswers(w.deps, {
      organisationId: w.organisationId,
      roundId: round.id,
      personId: member.id,
      source: 'web',
      platform: 'web',
      answers: [{ key: 'evidence', text: 'Toetsen' }],
    });

    clock.set('2026-11-24T22:00:00Z'); // reminder due, but 23:00 local: quiet
    expect(await remindDueRounds(w.deps)).toBe(0);
    clock.set('2026-11-25T07:30:00Z'); // 08:30 local
    expect(await remindDueRounds(w.deps)).toBe(1);
    expect(await remindDueRounds(w.deps)).toBe(0);
    const reminder = (await w.store.deliveries.list(w.organisationId, { roundId: round.id })).find(
      (d) => d.purpose === 'reminder',
    );
    expect(reminder?.threadOf).toBe(promptKey(round.id, w.binding.id));

    clock.set('2026-11-25T08:00:01Z'); // 48 h after opening
    expect(await closeDueRounds(w.deps)).toBe(1);
    expect(await closeDueRounds(w.deps)).toBe(0);
    const summary = (await w.store.deliveries.list(w.organisationId, { roundId: round.id })).find(
      (d) => d.purpose === 'summary',
    );
    expect(summary?.message).toMatchObject({
      kind: 'round.summary',
      participants: 1,
      perQuestion: expect.arrayContaining([expect.objectContaining({ key: 'evidence', count: 1 })]),
    });
    expect((await w.store.rounds.get(w.organisationId, round.id))?.status).toBe('closed');
  });

  it('knows who has not answered, also in anonymous rounds', async () => {
    const w = await buildWorld();
    const a = await w.person('A');
    const b = await w.person('B');
    const opened = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
    });
    if (!opened.ok) throw new Error(opened.code);
    await recordAnswers(w.deps, {
      organisationId: w.organisationId,
      roundId: opened.value.round.id,
      personId: a.id,
      source: 'web',
      platform: 'web',
      answers: [{ key: 'right_things', text: 'ja' }],
    });
    expect(await nonResponders(w.deps, opened.value.round, [a.id, b.id])).toEqual([b.id]);
  });

  it('treats evenings and weekends as quiet time in the organisation time zone', () => {
    expect(isQuietTime(new Date('2026-11-23T08:00:00Z'), 'Europe/Amsterdam')).toBe(false); // Mon 09:00
    expect(isQuietTime(new Date('2026-11-23T17:30:00Z'), 'Europe/Amsterdam')).toBe(true); // Mon 18:30
    expect(isQuietTime(new Date('2026-11-28T10:00:00Z'), 'Europe/Amsterdam')).toBe(true); // Saturday
  });

  it('finds when quiet time ends: the next weekday 08:00, local time', () => {
    const at = (iso: string, zone = 'Europe/Amsterdam') => quietUntil(new Date(iso), zone).toISOString();
    expect(at('2026-11-23T08:00:00Z')).toBe('2026-11-23T08:00:00.000Z'); // Mon 09:00: not quiet
    expect(at('2026-11-23T17:01:00Z')).toBe('2026-11-24T07:00:00.000Z'); // Mon 18:01 → Tue 08:00
    expect(at('2026-11-27T20:00:00Z')).toBe('2026-11-30T07:00:00.000Z'); // Fri 21:00 → Mon 08:00
    expect(at('2026-03-27T19:00:00Z')).toBe('2026-03-30T06:00:00.000Z'); // over the switch to summer time
    expect(at('2026-11-27T16:00:00Z', 'Asia/Kolkata')).toBe('2026-11-30T02:30:00.000Z'); // a half-hour zone
  });
});
