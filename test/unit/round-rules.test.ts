import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { runCommand } from '../../src/bot/commands/run-command.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { buildWorld } from '../support/world.js';

describe('one open round per team', () => {
  it('refuses a second ad-hoc round while one is open, unless the coordinator confirms it', async () => {
    const w = await buildWorld();
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const input = {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc' as const,
      triggeredBy: coordinator.id,
      template: null,
      theme: 'lezen',
    };
    expect((await openRound(w.deps, input)).ok).toBe(true);
    expect(await openRound(w.deps, { ...input, theme: 'rekenen' })).toMatchObject({
      ok: false,
      code: 'round.already_open',
      details: { team: 'Groep 7', theme: 'lezen' },
    });
    expect(await w.store.rounds.list(w.organisationId)).toHaveLength(1);
    expect((await openRound(w.deps, { ...input, theme: 'rekenen', secondConfirmed: true })).ok).toBe(true);
    expect(await w.store.rounds.list(w.organisationId, { status: 'open' })).toHaveLength(2);
    // A schedule's occurrence is planned, not a click: it opens regardless.
    expect(
      (
        await openRound(w.deps, {
          ...input,
          trigger: 'scheduled',
          triggeredBy: null,
          scheduleId: 's',
          occurrenceAt: new Date('2026-11-30T08:00:00Z'),
        })
      ).ok,
    ).toBe(true);
  });

  it('answers "ronde" in a busy team with the refusal and one button that confirms, and that button opens the second round', async () => {
    const w = await buildWorld();
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const ctx = {
      organisationId: w.organisationId,
      personId: coordinator.id,
      locale: 'nl' as const,
      channel: null,
      binding: w.binding,
    };
    expect(await runCommand(w.deps, {}, ctx, parseCommand('ronde lezen'))).toMatchObject({ kind: 'text' });
    const refused = await runCommand(w.deps, {}, ctx, parseCommand('ronde rekenen'));
    expect(refused).toMatchObject({
      kind: 'list',
      title: expect.stringContaining('staat de ronde "lezen" nog open'),
      items: [{ commands: [{ command: 'ronde toch rekenen' }] }],
    });
    expect(await w.store.rounds.list(w.organisationId)).toHaveLength(1);
    const command = refused.kind === 'list' ? (refused.items[0]?.commands[0]?.command ?? '') : '';
    expect(await runCommand(w.deps, {}, ctx, parseCommand(command))).toMatchObject({ kind: 'text' });
    expect((await w.store.rounds.list(w.organisationId, { status: 'open' })).map((r) => r.theme).sort()).toEqual([
      'lezen',
      'rekenen',
    ]);
  });

  it('parses the confirming word in Dutch and English, and keeps any other theme as it is', () => {
    expect(parseCommand('ronde toch begrijpend lezen')).toEqual({
      name: 'round',
      theme: 'begrijpend lezen',
      confirmed: true,
    });
    expect(parseCommand('round anyway')).toEqual({ name: 'round', theme: '', confirmed: true });
    expect(parseCommand('ronde tochtjes')).toEqual({ name: 'round', theme: 'tochtjes' });
    expect(parseCommand(`ronde toch ${'x'.repeat(201)}`)).toEqual({ name: 'too_long' });
  });
});
