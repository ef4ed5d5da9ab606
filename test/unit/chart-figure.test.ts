import { describe, expect, it } from 'vitest';
import { chartFigure } from '../../src/bot/dashboard/chart-figure.js';

const options = {
  locale: 'nl' as const,
  src: '/dashboard/digest/chart.png?week=2026-W48',
  alt: 'Grafiek',
  testId: 'digest-chart',
  empty: 'Nog geen cijfers of antwoorden om te tekenen in de weken tot en met 2026-W48.',
};

/** The dashboard's charts (team page, digest) carry their figures in words, or a sentence when empty. */
describe('a chart figure', () => {
  it('puts every figure drawn, the target and the response rates in its caption', () => {
    const out = chartFigure(
      {
        outcomes: [
          {
            name: 'Eindtoets 1F lezen',
            unit: '%',
            periods: ['2024-2025', '2025-2026'],
            values: [88, 92.5],
            target: 95,
          },
          { name: 'Verzuim', unit: '%', periods: ['2026-10'], values: [null], target: null },
        ],
        response: { weeks: ['2026-W47', '2026-W48'], rates: [null, 75] },
      },
      options,
    ).value;
    expect(out).toContain('data-testid="digest-chart-figure"');
    expect(out).toContain('alt="Grafiek"');
    expect(out).toContain('<li>Eindtoets 1F lezen (Norm 95%): 2024-2025: 88%, 2025-2026: 92,5%</li>');
    expect(out).toContain('<li>Respons per week: 2026-W48 75 %</li>');
    // A series with only hidden figures (fewer people than the minimum group) is not drawn or named.
    expect(out).not.toContain('Verzuim');
  });

  it('is a sentence instead of bare axes when there is nothing to draw', () => {
    const out = chartFigure(
      {
        outcomes: [{ name: 'Verzuim', unit: '%', periods: ['2026-10'], values: [null], target: 4 }],
        response: { weeks: ['2026-W47', '2026-W48'], rates: [null, null] },
      },
      options,
    ).value;
    expect(out).toBe(
      '<p class="muted" data-testid="digest-chart-empty">Nog geen cijfers of antwoorden om te tekenen in de weken tot en met 2026-W48.</p>',
    );
  });
});
