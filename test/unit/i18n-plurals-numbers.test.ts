import { describe, expect, it } from 'vitest';
import type { OutcomeFigure } from '../../src/dialogues/messages.js';
import { outcomeFigureText } from '../../src/bot/outcome-figure-text.js';
import { withBoundPort, loadConfig } from '../../src/config.js';
import { t } from '../../src/i18n/index.js';
import { formatFigure, formatNumber } from '../../src/i18n/numbers.js';

describe('plurals by i18next rules', () => {
  it('says "1 ronde", "1 deelnemer", "1 antwoord" and "2 …en" in Dutch, and the same in English', () => {
    expect(t('nl', 'summary.participants', { count: 1 })).toBe('1 deelnemer');
    expect(t('nl', 'summary.participants', { count: 2 })).toBe('2 deelnemers');
    expect(t('nl', 'summary.participants', { count: 0 })).toBe('0 deelnemers');
    expect(t('nl', 'prompt.answers_total', { count: 1 })).toBe('1 antwoord');
    expect(t('nl', 'dashboard.round_participants', { count: 1 })).toBe('1 deelnemer');
    const line = { team: 'Groep 7', school: 'De Linde', rate: '75', participants: 3, members: 4 };
    expect(t('nl', 'digest.team_line', { ...line, count: 1 })).toBe(
      'Groep 7 (De Linde): 1 ronde, respons 75% (3 van 4)',
    );
    expect(t('nl', 'digest.team_line', { ...line, count: 2 })).toMatch(/: 2 rondes, respons/);
    expect(t('en', 'summary.participants', { count: 1 })).toBe('1 participant');
    expect(t('en', 'summary.participants', { count: 3 })).toBe('3 participants');
    expect(t('en', 'digest.team_line', { ...line, count: 1 })).toMatch(/: 1 round, response/);
    expect(t('en', 'outcomes.failed', { count: 1 })).toBe('Nothing imported: 1 error.');
    expect(t('nl', 'outcomes.failed', { count: 2 })).toBe('Niets ingelezen: 2 fouten.');
  });
});

describe('one number formatter', () => {
  it('writes a decimal comma in Dutch and a point in English, in prompts as in digests', () => {
    expect(formatNumber(89.5, 'nl')).toBe('89,5');
    expect(formatNumber(89.5, 'en')).toBe('89.5');
    expect(formatNumber(7.25, 'nl')).toBe('7,3');
    expect(formatFigure(89.5, '%', 'nl')).toBe('89,5%');
    expect(formatFigure(4.2, 'dagen', 'nl')).toBe('4,2 dagen');
    const figure: OutcomeFigure = {
      metricKey: 'eindtoets_1f_rekenen',
      name: 'Eindtoets 1F rekenen',
      unit: '%',
      value: 89.5,
      target: 90,
      change: -3.5,
      higherIsBetter: true,
      period: '2024-2025',
    };
    expect(outcomeFigureText(figure, 'nl')).toContain('89,5% (doel 90%), -3,5 sinds vorige meting');
    expect(outcomeFigureText(figure, 'en')).toContain('89.5%');
  });
});

describe('links name the port the server is bound to', () => {
  it('replaces :0 in a PUBLIC_URL derived from HOST and PORT, and keeps one that was given', () => {
    const derived = loadConfig({ DATA_DIR: 'memory://', PORT: '0', SEED_DEMO: 'false' });
    expect(derived.publicUrl).toBe('http://127.0.0.1:0');
    expect(withBoundPort(derived, 41234)).toMatchObject({ port: 41234, publicUrl: 'http://127.0.0.1:41234' });
    const given = loadConfig({
      DATA_DIR: 'memory://',
      PORT: '0',
      SEED_DEMO: 'false',
      PUBLIC_URL: 'https://vv.example',
    });
    expect(withBoundPort(given, 41234).publicUrl).toBe('https://vv.example');
    const fixed = loadConfig({ DATA_DIR: 'memory://', PORT: '3978', SEED_DEMO: 'false' });
    expect(withBoundPort(fixed, 3978)).toBe(fixed);
  });
});
