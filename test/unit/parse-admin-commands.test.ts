import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { runCommand } from '../../src/bot/commands/run-command.js';
import { withoutBotMention } from '../../src/bot/teams/teams-activity.js';
import { buildWorld } from '../support/world.js';

const organisation = { kind: 'organisation', name: null } as const;

describe('parsing role commands', () => {
  it('reads a grant with a multi-word name, a role word in Dutch or English, and an optional scope', () => {
    expect(parseCommand('rol Anouk de Vries leider')).toEqual({
      name: 'role',
      action: 'grant',
      person: { kind: 'name', name: 'Anouk de Vries' },
      role: 'leader',
      scope: organisation,
    });
    expect(parseCommand('role Anouk leader school De Linde')).toEqual({
      name: 'role',
      action: 'grant',
      person: { kind: 'name', name: 'Anouk' },
      role: 'leader',
      scope: { kind: 'school', name: 'De Linde' },
    });
    expect(parseCommand('rol @Bram lid team Groep 5-6')).toEqual({
      name: 'role',
      action: 'grant',
      person: { kind: 'name', name: 'Bram' },
      role: 'member',
      scope: { kind: 'team', name: 'Groep 5-6' },
    });
    expect(parseCommand('ROL Coby Coördinator organisatie Stichting De Linde')).toMatchObject({
      role: 'coordinator',
      scope: { kind: 'organisation', name: 'Stichting De Linde' },
    });
    expect(parseCommand('role grant Coby coordinator organisation')).toMatchObject({
      action: 'grant',
      person: { name: 'Coby' },
      role: 'coordinator',
      scope: organisation,
    });
  });

  it('ends the name at the first role word that a scope (or nothing) follows', () => {
    // "Leider" is also a surname here: the first "leider" is followed by another word, so it is part of the name.
    expect(parseCommand('rol Mo Leider leider')).toMatchObject({
      person: { kind: 'name', name: 'Mo Leider' },
      role: 'leader',
      scope: organisation,
    });
    expect(parseCommand('rol Mo leider school De Leider')).toMatchObject({
      person: { name: 'Mo' },
      role: 'leader',
      scope: { kind: 'school', name: 'De Leider' },
    });
  });

  it('reads platform mentions: Slack with and without a name, Teams with spaces in the name', () => {
    expect(parseCommand('rol <@U0ANOUK01> leider')).toMatchObject({
      person: { kind: 'mention', userId: 'U0ANOUK01', name: null },
    });
    expect(parseCommand('rol <@U0ANOUK01|anouk> coördinator')).toMatchObject({
      person: { kind: 'mention', userId: 'U0ANOUK01', name: 'anouk' },
      role: 'coordinator',
    });
    expect(parseCommand('rol intrekken <@29:1anouk|Anouk de Vries> leider team Groep 7')).toEqual({
      name: 'role',
      action: 'revoke',
      person: { kind: 'mention', userId: '29:1anouk', name: 'Anouk de Vries' },
      role: 'leader',
      scope: { kind: 'team', name: 'Groep 7' },
    });
  });

  it('reads revocations in Dutch and English', () => {
    expect(parseCommand('rol intrekken Anouk leider')).toMatchObject({
      name: 'role',
      action: 'revoke',
      person: { name: 'Anouk' },
      role: 'leader',
    });
    expect(parseCommand('role revoke Anouk member team Groep 7')).toMatchObject({
      action: 'revoke',
      role: 'member',
      scope: { kind: 'team', name: 'Groep 7' },
    });
  });

  it('turns incomplete or malformed role commands into the usage, and reads `rollen` / `roles`', () => {
    for (const text of [
      'rol',
      'role',
      'rol Anouk',
      'rol leider',
      'rol Anouk baas',
      'rol Anouk leider team',
      'rol Anouk leider klas 7',
      'rol intrekken leider',
      'rol <@U1> <@U2> leider',
    ]) {
      expect(parseCommand(text), text).toEqual({ name: 'admin_usage', topic: 'role' });
    }
    expect(parseCommand('rollen')).toEqual({ name: 'roles' });
    expect(parseCommand('Roles')).toEqual({ name: 'roles' });
    expect(parseCommand('rollen van iedereen')).toEqual({ name: 'unknown', input: 'rollen van iedereen' });
  });
});

describe('parsing digest channel commands', () => {
  it('subscribes for the organisation or a school, with an optional day and time', () => {
    expect(parseCommand('digest kanaal')).toEqual({ name: 'digest_channel', action: 'on', schoolName: null, at: null });
    expect(parseCommand('digest channel school De Linde')).toEqual({
      name: 'digest_channel',
      action: 'on',
      schoolName: 'De Linde',
      at: null,
    });
    expect(parseCommand('digest kanaal school De Linde vr 16:15')).toEqual({
      name: 'digest_channel',
      action: 'on',
      schoolName: 'De Linde',
      at: { weekday: 5, hour: 16, minute: 15 },
    });
    expect(parseCommand('digest channel tuesday 8.05')).toEqual({
      name: 'digest_channel',
      action: 'on',
      schoolName: null,
      at: { weekday: 2, hour: 8, minute: 5 },
    });
    expect(parseCommand('digest kanaal organisatie')).toMatchObject({ action: 'on', schoolName: null });
  });

  it('unsubscribes, optionally for one school', () => {
    expect(parseCommand('digest kanaal uit')).toEqual({ name: 'digest_channel', action: 'off', schoolName: null });
    expect(parseCommand('digest channel off school Het Anker')).toEqual({
      name: 'digest_channel',
      action: 'off',
      schoolName: 'Het Anker',
    });
  });

  it('keeps plain `digest` the preview and answers malformed channel commands with the usage', () => {
    expect(parseCommand('digest')).toEqual({ name: 'digest' });
    expect(parseCommand('overzicht vorige week')).toEqual({ name: 'digest' });
    for (const text of [
      'digest kanaal team Groep 7',
      'digest kanaal school',
      'digest kanaal morgen',
      'digest kanaal uit ma 08:00',
      'digest kanaal ma 25:00',
      'digest kanaal organisatie Stichting Ander',
    ]) {
      expect(parseCommand(text), text).toEqual({ name: 'admin_usage', topic: 'digest_channel' });
    }
  });

  it("answers the usage in the person's language, changing nothing", async () => {
    const w = await buildWorld();
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const ctx = {
      organisationId: w.organisationId,
      personId: coordinator.id,
      locale: 'en' as const,
      channel: null,
      binding: w.binding,
    };
    expect(await runCommand(w.deps, {}, ctx, parseCommand('role Anouk'))).toEqual({
      kind: 'error',
      code: 'input.invalid',
      text: expect.stringMatching(/^Usage: role <person> <member\|coordinator\|leader>/),
    });
    expect(await runCommand(w.deps, {}, { ...ctx, locale: 'nl' }, parseCommand('digest kanaal morgen'))).toEqual({
      kind: 'error',
      code: 'input.invalid',
      text: expect.stringMatching(/^Gebruik, in het kanaal waar het weekoverzicht moet komen: digest kanaal/),
    });
    expect(await w.store.audit.list(w.organisationId)).toEqual([]);
  });
});

describe('Teams mentions in command text', () => {
  const BOT = '28:bot';
  const bot = { type: 'mention', mentioned: { id: BOT, name: 'Vijf Vragen' }, text: '<at>Vijf Vragen</at>' };
  const anouk = (text: string) => ({ type: 'mention', mentioned: { id: '29:1anouk', name: 'Anouk de Vries' }, text });

  it("turns another person's mention into <@id|name> for commands, and keeps plain names for thread text", () => {
    const html = '<p><at>Vijf Vragen</at> rol <at>Anouk de Vries</at> leider</p>';
    const entities = [bot, anouk('<at>Anouk de Vries</at>')];
    expect(withoutBotMention(html, entities, BOT, { keepMentions: true })).toEqual({
      text: 'rol <@29:1anouk|Anouk de Vries> leider',
      mentionsBot: true,
    });
    expect(parseCommand(withoutBotMention(html, entities, BOT, { keepMentions: true }).text)).toMatchObject({
      person: { kind: 'mention', userId: '29:1anouk', name: 'Anouk de Vries' },
      role: 'leader',
    });
    expect(
      withoutBotMention('<p>Goed punt van <at>Anouk de Vries</at></p>', [anouk('<at>Anouk de Vries</at>')], BOT),
    ).toEqual({ text: 'Goed punt van Anouk de Vries', mentionsBot: false });
  });

  it('joins a name Teams split over several tags, and does not take a typed <@…> for a mention', () => {
    const split = '<at>Vijf Vragen</at> rol <at>Anouk</at> <at>de Vries</at> lid';
    expect(
      withoutBotMention(split, [bot, anouk('<at>Anouk</at>'), anouk('<at>de Vries</at>')], BOT, { keepMentions: true })
        .text,
    ).toBe('rol <@29:1anouk|Anouk de Vries> lid');
    const typed = withoutBotMention('<at>Vijf Vragen</at> rol &lt;@29:1fake|Nep&gt; leider', [bot], BOT, {
      keepMentions: true,
    }).text;
    expect(parseCommand(typed)).toMatchObject({ name: 'role', person: { kind: 'name' } });
  });
});
