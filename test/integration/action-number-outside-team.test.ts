import { expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { runCommand, type CommandContext, type CommandReply } from '../../src/bot/commands/run-command.js';
import type { Locale } from '../../src/dialogues/model.js';
import { anAction } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { buildOutcomeWorld, type OutcomeWorld } from '../support/outcome-scenario.js';

/**
 * Action numbers are per team. In a team's channel `#n` is that team's action; in a direct message
 * (no channel, no team) it resolves only when one team in the organisation has a #n. When several
 * do, nothing changes and the reply names those teams, each with the command by the action's id.
 */
forEachStore('action numbers outside a team channel', (t) => {
  async function world() {
    const w = await buildOutcomeWorld(t.store);
    const coby = await w.person('Coby Koster', 'coordinator', { kind: 'organisation' });
    const make = (teamId: string, title: string) =>
      t.store.actions.create(anAction(w.organisationId, teamId, { title }));
    const seven1 = await make(w.team.id, 'Stillezen elke ochtend');
    const seven2 = await make(w.team.id, 'Leesouders vragen');
    const eight1 = await make(w.other.id, 'Bibliotheekbezoek plannen');
    expect([seven1.number, seven2.number, eight1.number]).toEqual([1, 2, 1]);
    return { w, coby, seven1, seven2, eight1 };
  }

  /** A command in a direct message (no channel, no binding), or in the given team's channel. */
  const say = (
    w: OutcomeWorld,
    personId: string,
    text: string,
    where: 'dm' | 'channel' = 'dm',
    locale: Locale = 'nl',
  ) => {
    const ctx: CommandContext = {
      organisationId: w.organisationId,
      personId,
      locale,
      channel: null,
      binding: where === 'channel' ? w.binding : null,
    };
    return runCommand(w.deps, {}, ctx, parseCommand(text));
  };
  const snapshot = async (w: OutcomeWorld) =>
    (await t.store.actions.list(w.organisationId))
      .map((a) => `${a.id}:${a.status}:${a.ownerPersonId ?? '-'}:${a.dueOn ?? '-'}:${a.updatedAt.toISOString()}`)
      .sort();
  const commandsOf = (reply: CommandReply) =>
    reply.kind === 'list' ? reply.items.map((item) => item.commands.map((c) => c.command)) : [];

  it('resolves a number only one team has, from a direct message', async () => {
    const { w, coby, seven2 } = await world();
    expect(await say(w, coby.id, 'actie #2 klaar')).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('Actie bijgewerkt: #2 Leesouders vragen (afgerond'),
    });
    expect((await t.store.actions.get(w.organisationId, seven2.id))?.status).toBe('done');
  });

  it('changes nothing for a number several teams have, and names them with a command each to pick', async () => {
    const { w, coby, seven1, eight1 } = await world();
    const before = await snapshot(w);
    const reply = await say(w, coby.id, 'actie #1 klaar');
    expect(reply).toMatchObject({
      kind: 'list',
      title:
        'Meer teams hebben een actie #1: Groep 7, Groep 8. Er is niets gewijzigd. Kies hieronder het team, of typ het commando in het kanaal van het team.',
    });
    expect(reply.kind === 'list' ? reply.items.map((item) => item.text) : []).toEqual([
      `Groep 7: actie #1, typ \`actie ${seven1.id} status klaar\``,
      `Groep 8: actie #1, typ \`actie ${eight1.id} status klaar\``,
    ]);
    expect(reply.kind === 'list' ? reply.items.map((item) => item.commands.map((c) => c.label)) : []).toEqual([
      ['Kies Groep 7'],
      ['Kies Groep 8'],
    ]);
    expect(commandsOf(reply)).toEqual([[`actie ${seven1.id} status klaar`], [`actie ${eight1.id} status klaar`]]);
    expect(await snapshot(w)).toEqual(before);

    // The same for the other fields, with what was typed kept in the command; still nothing changes.
    expect(commandsOf(await say(w, coby.id, 'actie 1 eigenaar ik'))).toEqual([
      [`actie ${seven1.id} eigenaar ik`],
      [`actie ${eight1.id} eigenaar ik`],
    ]);
    expect(commandsOf(await say(w, coby.id, 'actie #1 deadline 2026-12-18'))).toEqual([
      [`actie ${seven1.id} deadline 2026-12-18`],
      [`actie ${eight1.id} deadline 2026-12-18`],
    ]);
    expect(await snapshot(w)).toEqual(before);

    // Picking one changes that team's action only.
    const [, pickEight] = commandsOf(reply);
    expect(await say(w, coby.id, pickEight?.[0] ?? '')).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('#1 Bibliotheekbezoek plannen (afgerond'),
    });
    expect((await t.store.actions.get(w.organisationId, eight1.id))?.status).toBe('done');
    expect((await t.store.actions.get(w.organisationId, seven1.id))?.status).toBe('open');
  });

  it('says it in English, with English commands', async () => {
    const { w, coby, seven1, eight1 } = await world();
    const reply = await say(w, coby.id, 'action #1 owner me', 'dm', 'en');
    expect(reply).toMatchObject({
      kind: 'list',
      title:
        "Several teams have an action #1: Groep 7, Groep 8. Nothing was changed. Pick the team below, or type the command in the team's channel.",
    });
    expect(reply.kind === 'list' ? reply.items.map((item) => item.text) : []).toEqual([
      `Groep 7: action #1, type \`action ${seven1.id} owner me\``,
      `Groep 8: action #1, type \`action ${eight1.id} owner me\``,
    ]);
    expect(reply.kind === 'list' ? reply.items[0]?.commands[0]?.label : '').toBe('Pick Groep 7');
    expect((await t.store.actions.get(w.organisationId, seven1.id))?.ownerPersonId).toBeNull();
  });

  it('says no team has a number nobody has, without "this team"', async () => {
    const { w, coby } = await world();
    const before = await snapshot(w);
    expect(await say(w, coby.id, 'actie #9 klaar')).toEqual({
      kind: 'error',
      code: 'action.number_unknown',
      text: 'Geen enkel team heeft een actie #9. Typ `acties` in het kanaal van een team voor de lijst met nummers.',
    });
    expect(await say(w, coby.id, 'action 9 done', 'dm', 'en')).toMatchObject({
      text: "No team has an action #9. Type `actions` in a team's channel for the list with numbers.",
    });
    expect(await snapshot(w)).toEqual(before);
  });

  it("takes #1 in a team's channel as that team's action", async () => {
    const { w, coby, seven1, eight1 } = await world();
    expect(await say(w, coby.id, 'actie #1 klaar', 'channel')).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('#1 Stillezen elke ochtend (afgerond'),
    });
    expect((await t.store.actions.get(w.organisationId, seven1.id))?.status).toBe('done');
    expect((await t.store.actions.get(w.organisationId, eight1.id))?.status).toBe('open');
    expect(await say(w, coby.id, 'actie #3 klaar', 'channel')).toMatchObject({
      text: 'Er is geen actie #3 in dit team. Typ `acties` voor de lijst met nummers.',
    });
  });
});
