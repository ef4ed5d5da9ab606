import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, chartPng, chartSvg } from '../../src/bot/charts/chart-image.js';
import type { ChartData } from '../../src/dialogues/digest/chart-data.js';
import { pngFacts } from '../support/png.js';

const DATA: ChartData = {
  outcomes: [
    {
      name: 'Eindtoets 1F lezen · De Linde',
      unit: '%',
      periods: ['2023-2024', '2024-2025', '2025-2026'],
      values: [82, 88, 91],
      target: 95,
    },
    { name: 'Verzuim · Groep 8', unit: '%', periods: ['2024-2025', '2025-2026'], values: [null, 4.1], target: 4 },
    { name: 'Tevredenheid ouders · De Linde', unit: 'cijfer', periods: ['2025-2026'], values: [7.6], target: 7.5 },
  ],
  response: { weeks: ['2026-W44', '2026-W45', '2026-W46', '2026-W47'], rates: [50, null, 75, 100] },
};

describe('the digest chart', () => {
  it('is drawn as SVG on the server with the figures, targets and response', () => {
    const svg = chartSvg(DATA, 'nl');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Resultaten en respons');
    expect(svg).toContain('Eindtoets 1F lezen · De Linde');
    expect(svg).toContain('% (- - norm)');
    // Targets are dashed lines in their figure's colour.
    expect(svg).toMatch(/stroke-dasharray/);
    expect(svg).toContain('2025-2026');
    expect(svg).toContain('W47');
    expect(chartSvg(DATA, 'en')).toContain('Outcomes and response');
    // One value axis: a figure in another unit than most would flatten the others, so it is left out.
    expect(svg).not.toContain('Tevredenheid ouders');
  });

  it('becomes a PNG of the stated size that is not blank', () => {
    const facts = pngFacts(chartPng(DATA, 'nl'));
    expect(facts.width).toBe(CHART_WIDTH);
    expect(facts.height).toBe(CHART_HEIGHT);
    expect(facts.colours).toBeGreaterThan(10);
    expect(facts.inked).toBeGreaterThan(0.02);
  });

  it('says "no figures yet" for a board without any figures or answers, instead of bare axes', () => {
    const empty: ChartData = { outcomes: [], response: { weeks: ['2026-W46', '2026-W47'], rates: [null, null] } };
    const svg = chartSvg(empty, 'nl');
    expect(svg).toContain('Resultaten en respons');
    expect(svg).toContain('Nog geen cijfers');
    expect(svg).toContain('Nog geen cijfers of antwoorden om te tekenen in de weken tot en met 2026-W47.');
    // No axes: neither axis name nor a week label is drawn.
    expect(svg).not.toContain('respons %');
    expect(svg).not.toContain('(- - norm)');
    expect(svg).not.toMatch(/>W4[67]</);
    expect(chartSvg(empty, 'en')).toContain('No figures yet');
    expect(chartSvg(empty, 'en')).toContain('No figures or answers to chart in the weeks up to 2026-W47 yet.');
    // A figure hidden for a small group is no figure either.
    const hidden: ChartData = {
      outcomes: [{ name: 'Verzuim · Groep 8', unit: '%', periods: ['2025-2026'], values: [null], target: 4 }],
      response: empty.response,
    };
    expect(chartSvg(hidden, 'en')).toContain('No figures yet');
    // One answered week is something to draw.
    expect(chartSvg({ outcomes: [], response: { weeks: ['2026-W47'], rates: [80] } }, 'en')).not.toContain(
      'No figures yet',
    );
  });

  it('becomes a PNG of the stated size with the sentence on it when there is nothing to draw', () => {
    const facts = pngFacts(chartPng({ outcomes: [], response: { weeks: ['2026-W47'], rates: [null] } }, 'en'));
    expect(facts.width).toBe(CHART_WIDTH);
    expect(facts.height).toBe(CHART_HEIGHT);
    expect(facts.inked).toBeGreaterThan(0.002);
  });
});
