import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { runCommand, type CommandContext } from '../../src/bot/commands/run-command.js';
import { buildWorld } from '../support/world.js';

describe('parsing commands', () => {
  it('understands Dutch and English words alike', () => {
    expect(parseCommand('koppel Groep 7')).toEqual({ name: 'link', team: 'Groep 7' });
    expect(parseCommand('link  Groep   7 ')).toEqual({ name: 'link', team: 'Groep 7' });
    expect(parseCommand('ronde begrijpend lezen')).toEqual({ name: 'round', theme: 'begrijpend lezen' });
    expect(parseCommand('round')).toEqual({ name: 'round', theme: '' });
    expect(parseCommand('schema pauzeer abc')).toEqual({ name: 'schedule', action: 'pause', id: 'abc' });
    expect(parseCommand('schedule')).toEqual({ name: 'schedule', action: 'list', id: null });
    expect(parseCommand('acties')).toEqual({ name: 'actions' });
    expect(parseCommand('')).toEqual({ name: 'help' });
  });
  it('turns unknown, incomplete and oversized input into something the user can act on', () => {
    expect(parseCommand('dans')).toEqual({ name: 'unknown', input: 'dans' });
    expect(parseCommand('koppel')).toEqual({ name: 'link', team: '' });
    expect(parseCommand('schema pauzeer')).toEqual({ name: 'unknown', input: 'schema pauzeer' });
    expect(parseCommand(`ronde ${'x'.repeat(600)}`)).toEqual({ name: 'too_long' });
  });
});

describe('running commands', () => {
  async function setup() {
    const w = await buildWorld();
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const member = await w.person('Mo');
    const ctx = (personId: string, locale: 'nl' | 'en' = 'nl'): CommandContext => ({
      organisationId: w.organisationId,
      personId,
      locale,
      channel: { platform: 'web', workspaceId: 'local', channelId: 'groep-7', name: '#groep-7', address: {} },
      binding: w.binding,
    });
    return { w, coordinator, member, ctx };
  }

  it('refuses a member who tries a coordinator command, naming the role, and changes nothing', async () => {
    const { w, member, ctx } = await setup();
    const reply = await runCommand(w.deps, {}, ctx(member.id), { name: 'round', theme: 'x' });
    expect(reply).toEqual({ kind: 'error', code: 'permission.denied', text: 'Dit mag alleen een coördinator.' });
    const english = await runCommand(w.deps, {}, ctx(member.id, 'en'), { name: 'link', team: 'Groep 9' });
    expect(english).toMatchObject({ kind: 'error', text: 'Only a coordinator may do this.' });
    expect(await w.store.rounds.list(w.organisationId)).toHaveLength(0);
    expect(await w.store.teams.findByName(w.organisationId, 'Groep 9')).toHaveLength(0);
  });

  it('lets a coordinator start a round and bind a channel to a new team', async () => {
    const { w, coordinator, ctx } = await setup();
    const started = await runCommand(w.deps, {}, ctx(coordinator.id), { name: 'round', theme: 'rekenen' });
    expect(started).toMatchObject({ kind: 'text', text: 'Er is een ronde gestart voor team Groep 7.' });
    const bound = await runCommand(
      w.deps,
      {},
      {
        ...ctx(coordinator.id),
        channel: { platform: 'web', workspaceId: 'local', channelId: 'new', name: '#new', address: {} },
        binding: null,
      },
      { name: 'link', team: 'Groep 8' },
    );
    expect(bound).toMatchObject({
      kind: 'text',
      visibility: 'channel',
      text: 'Dit kanaal is gekoppeld aan team Groep 8.',
    });
    const created = await w.store.teams.findByName(w.organisationId, 'groep 8');
    expect(created).toHaveLength(1);
    expect(await w.store.bindings.findByChannel('web', 'local', 'new')).toMatchObject({ teamId: created[0]?.id });
  });

  it('answers unknown input with the help text', async () => {
    const { w, member, ctx } = await setup();
    const reply = await runCommand(w.deps, {}, ctx(member.id, 'en'), parseCommand('dance'));
    expect(reply.kind).toBe('help');
    if (reply.kind === 'help') {
      expect(reply.title).toContain('I do not know that command.');
      expect(reply.lines).toEqual([
        expect.stringMatching(/^Everyone: actions · /),
        expect.stringMatching(/^Coordinator: link <team> · /),
        expect.stringMatching(/^Leaders: digest/),
      ]);
      // The coordinator line names the rename command, and what it names parses as that command.
      expect(reply.lines[1]).toContain('organisation name <name>');
      expect(parseCommand('organisation name De Linde')).toEqual({ name: 'organisation_name', newName: 'De Linde' });
      expect(parseCommand('organisatie naam De Linde')).toEqual({ name: 'organisation_name', newName: 'De Linde' });
    }
  });
});
