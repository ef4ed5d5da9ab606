import { expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { runCommand, type CommandContext } from '../../src/bot/commands/run-command.js';
import { remindOverdueActions } from '../../src/dialogues/actions/remind-overdue.js';
import { updateAction } from '../../src/dialogues/actions/update-action.js';
import type { PromptMessage } from '../../src/dialogues/messages.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { closeDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { runTick } from '../../src/scheduler/tick.js';
import { forEachStore } from '../support/db.js';
import { buildOutcomeWorld, type OutcomeWorld } from '../support/outcome-scenario.js';

const HOUR = 3_600_000;

async function say(w: OutcomeWorld, personId: string, text: string) {
  const ctx: CommandContext = {
    organisationId: w.organisationId,
    personId,
    locale: 'nl',
    channel: null,
    binding: w.binding,
  };
  return runCommand(w.deps, {}, ctx, parseCommand(text));
}

async function promptOf(w: OutcomeWorld, roundId: string): Promise<PromptMessage> {
  const [delivery] = await w.store.deliveries.list(w.organisationId, { roundId });
  return delivery?.message as PromptMessage;
}

forEachStore('actions across rounds', (t) => {
  it('a next_steps answer becomes an action that is followed up in chat, listed in the next round, and reminded once when overdue', async () => {
    const w = await buildOutcomeWorld(t.store);
    const anouk = await w.person('Anouk de Vries');
    const first = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme: 'lezen',
    });
    if (!first.ok) throw new Error(first.code);
    const answered = await recordAnswers(w.deps, {
      organisationId: w.organisationId,
      roundId: first.value.round.id,
      personId: anouk.id,
      source: 'web',
      platform: 'web',
      answers: [{ key: 'next_steps', text: 'Dagelijks 20 minuten stillezen in groep 7\nmet leesmonitor' }],
    });
    expect(answered.ok).toBe(true);
    const [action] = await t.store.actions.listByTeam(w.organisationId, w.team.id);
    expect(action).toMatchObject({
      title: 'Dagelijks 20 minuten stillezen in groep 7',
      status: 'open',
      ownerPersonId: null,
      dueOn: null,
      roundId: first.value.round.id,
    });
    const id = action!.id;

    // The list offers buttons whose commands do the follow-up.
    const list = await say(w, anouk.id, 'acties');
    expect(list.kind === 'list' ? list.items[0]?.commands.map((c) => c.command) : []).toEqual([
      `actie ${id} eigenaar ik`,
      `actie ${id} status bezig`,
      `actie ${id} status klaar`,
    ]);
    expect(await say(w, anouk.id, `actie ${id} eigenaar ik`)).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('eigenaar Anouk de Vries'),
    });
    expect(await say(w, anouk.id, `actie ${id} deadline 2026-12-04`)).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('uiterlijk 2026-12-04'),
    });
    expect(await say(w, anouk.id, `action ${id} status in_progress`)).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('bezig'),
    });
    // Bad input changes nothing.
    const before = await t.store.actions.get(w.organisationId, id);
    expect(await say(w, anouk.id, `actie ${id} deadline 2026-02-30`)).toMatchObject({
      kind: 'error',
      text: '"2026-02-30" is geen datum (jjjj-mm-dd).',
    });
    expect(await say(w, anouk.id, `actie ${id} status misschien`)).toMatchObject({ kind: 'error' });
    expect(await say(w, anouk.id, `actie ${id} eigenaar Onbekend Persoon`)).toMatchObject({
      kind: 'error',
      text: 'Er is niemand met de naam "Onbekend Persoon".',
    });
    expect(await t.store.actions.get(w.organisationId, id)).toEqual(before);

    w.deps.clock.advance(49 * HOUR);
    expect(await closeDueRounds(w.deps)).toBe(1);
    const second = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme: 'lezen, vervolg',
    });
    if (!second.ok) throw new Error(second.code);
    expect((await promptOf(w, second.value.round.id)).openActions).toEqual([
      {
        id,
        number: 1,
        title: 'Dagelijks 20 minuten stillezen in groep 7',
        status: 'in_progress',
        dueOn: '2026-12-04',
        ownerName: 'Anouk de Vries',
      },
    ]);

    // Not yet overdue on its due day; overdue the day after, reminded once however often the scheduler ticks.
    w.deps.clock.set('2026-12-04T20:00:00Z');
    expect(await remindOverdueActions(w.deps)).toBe(0);
    w.deps.clock.set('2026-12-05T07:00:00Z');
    expect(await runTick(w.deps)).toMatchObject({ actionsReminded: 1 });
    expect(await remindOverdueActions(w.deps)).toBe(0);
    expect((await runTick(w.deps)).actionsReminded).toBeUndefined();
    const notices = (await t.store.deliveries.list(w.organisationId)).filter((d) => d.purpose === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      dedupeKey: `action:${id}:overdue:2026-12-04:${w.binding.id}`,
      message: { kind: 'notice', code: 'action_overdue', params: { id, owner: 'Anouk de Vries', due: '2026-12-04' } },
    });

    // A new due date may be reminded once more; done actions leave the next prompt.
    await updateAction(w.deps, {
      organisationId: w.organisationId,
      actorPersonId: anouk.id,
      actionId: id,
      change: { dueOn: '2026-12-06' },
    });
    w.deps.clock.set('2026-12-07T07:00:00Z');
    expect(await remindOverdueActions(w.deps)).toBe(1);
    expect(await say(w, anouk.id, `actie ${id} klaar`)).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('afgerond'),
    });
    expect(await remindOverdueActions(w.deps)).toBe(0);
    w.deps.clock.advance(49 * HOUR);
    await closeDueRounds(w.deps);
    const third = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
    });
    if (!third.ok) throw new Error(third.code);
    expect((await promptOf(w, third.value.round.id)).openActions).toEqual([]);
    expect((await t.store.audit.list(w.organisationId)).filter((a) => a.action === 'action.updated')).toHaveLength(5);
  });

  it('only people of the team may change its actions', async () => {
    const w = await buildOutcomeWorld(t.store);
    const now = w.deps.clock.now();
    await t.store.actions.create({
      id: 'a-1',
      organisationId: w.organisationId,
      teamId: w.team.id,
      roundId: null,
      replyId: null,
      title: 'Leesplan',
      ownerPersonId: null,
      dueOn: null,
      status: 'open',
      createdAt: now,
      updatedAt: now,
      remindedAt: null,
    });
    const outsider = await w.person('Kees', 'member', { kind: 'team', teamId: w.other.id });
    expect(
      await updateAction(w.deps, {
        organisationId: w.organisationId,
        actorPersonId: outsider.id,
        actionId: 'a-1',
        change: { status: 'done' },
      }),
    ).toMatchObject({ ok: false, code: 'permission.denied' });
    expect(
      await updateAction(w.deps, {
        organisationId: w.organisationId,
        actorPersonId: null,
        actionId: 'nope',
        change: { status: 'done' },
      }),
    ).toMatchObject({ ok: false, code: 'action.not_found' });
    expect((await t.store.actions.get(w.organisationId, 'a-1'))?.status).toBe('open');
  });
});
