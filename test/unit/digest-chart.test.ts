import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, chartPng, chartSvg } from '../../src/bot/charts/chart-image.js';
import type { ChartData } from '../../src/dialogues/digest/chart-data.js';
import { pngFacts } from '../support/png.js';

const DATA: ChartData = {
  outcomes: [
    { name: 'Eindtoets 1F lezen · De Linde', unit: '%', periods: ['2023-2024', '2024-2025', '2025-2026'], values: [82, 88, 91], target: 95 },
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

  it('still draws (axes and title) for a board without any figures yet', () => {
    const facts = pngFacts(chartPng({ outcomes: [], response: { weeks: ['2026-W47'], rates: [null] } }, 'en'));
    expect(facts.width).toBe(CHART_WIDTH);
    expect(facts.inked).toBeGreaterThan(0);
  });
});
