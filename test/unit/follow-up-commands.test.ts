import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';

describe('parsing follow-up commands', () => {
  it('reads a single figure with an optional team or school and period, in Dutch and English', () => {
    expect(parseCommand('cijfer eindtoets_1f_lezen 88')).toEqual({
      name: 'figure',
      metric: 'eindtoets_1f_lezen',
      value: '88',
      subject: null,
      period: null,
    });
    expect(parseCommand('figure eindtoets_1f_lezen 88,5 Groep 6-8 2024-2025')).toEqual({
      name: 'figure',
      metric: 'eindtoets_1f_lezen',
      value: '88,5',
      subject: 'Groep 6-8',
      period: '2024-2025',
    });
    expect(parseCommand('cijfer verzuim 4.2 De Regenboog')).toEqual({
      name: 'figure',
      metric: 'verzuim',
      value: '4.2',
      subject: 'De Regenboog',
      period: null,
    });
    expect(parseCommand('cijfer verzuim')).toEqual({ name: 'follow_up_usage', topic: 'figure' });
  });

  it('reads action changes, with a status shortcut, and keeps plain `acties` a list', () => {
    expect(parseCommand('acties')).toEqual({ name: 'actions' });
    expect(parseCommand('actie a1 eigenaar Anouk de Vries')).toEqual({
      name: 'action',
      id: 'a1',
      field: 'owner',
      value: 'Anouk de Vries',
    });
    expect(parseCommand('action a1 due 2026-12-04')).toEqual({
      name: 'action',
      id: 'a1',
      field: 'due',
      value: '2026-12-04',
    });
    expect(parseCommand('actie a1 status bezig')).toEqual({
      name: 'action',
      id: 'a1',
      field: 'status',
      value: 'bezig',
    });
    expect(parseCommand('actie a1 klaar')).toEqual({ name: 'action', id: 'a1', field: 'status', value: 'klaar' });
    expect(parseCommand('actie a1 vliegen')).toEqual({ name: 'follow_up_usage', topic: 'action' });
    expect(parseCommand('actie a1 eigenaar')).toEqual({ name: 'follow_up_usage', topic: 'action' });
  });

  it('reads guest invitations and revocations', () => {
    expect(parseCommand('meekijker r1 MR De Linde')).toEqual({
      name: 'guest',
      action: 'invite',
      roundId: 'r1',
      guestName: 'MR De Linde',
    });
    expect(parseCommand('guest laatste Collega Het Anker')).toEqual({
      name: 'guest',
      action: 'invite',
      roundId: 'laatste',
      guestName: 'Collega Het Anker',
    });
    expect(parseCommand('meekijker intrekken g1')).toEqual({ name: 'guest', action: 'revoke', id: 'g1' });
    expect(parseCommand('guest revoke')).toEqual({ name: 'follow_up_usage', topic: 'guest' });
    expect(parseCommand('meekijker r1')).toEqual({ name: 'follow_up_usage', topic: 'guest' });
  });
});
