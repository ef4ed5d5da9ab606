import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, embeddedCli } from '../support/cli.js';

const { cli, remove } = embeddedCli('vv-digest-cli-', {}, { migrated: true });

afterAll(remove);

describe('vijfvragen digest preview', () => {
  it(
    "prints a leader's digest for a week as text, in their language or another",
    async () => {
      expect((await cli('seed-demo', '--no-history')).stdout).toContain('Demo board');
      const preview = await cli('digest', 'preview', '--person', 'Lotte', '--week', '2026-W47');
      expect(preview.code).toBe(0);
      expect(preview.stdout).toContain('Weekoverzicht 2026-W47');
      expect(preview.stdout).toContain('Stichting De Vijf Wegen · week 2026-W47 (2026-11-16 t/m 2026-11-22)');
      expect(preview.stdout).toContain('Groep 6-8 (De Regenboog): geen ronde deze week');
      expect(preview.stdout).toContain('De Regenboog: fase 1, kwaliteitsactiviteiten');
      expect(preview.stdout).toMatch(/\/charts\/digest\/.+\/2026-W47\.png\?sig=/);
      const english = await cli(
        'digest',
        'preview',
        '--person',
        'Lotte Leeuwen (bestuurder)',
        '--week',
        '2026-W47',
        '--locale',
        'en',
      );
      expect(english.stdout).toContain('Weekly digest 2026-W47');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses a bad week, an unknown person and someone who is not a leader, clearly',
    async () => {
      const badWeek = await cli('digest', 'preview', '--person', 'Lotte', '--week', '2026-47');
      expect(badWeek.code).toBe(1);
      expect(badWeek.stderr).toContain('--week must be an ISO week such as 2026-W47');
      const nobody = await cli('digest', 'preview', '--person', 'Niemand');
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toContain('No person "Niemand".');
      const teacher = await cli('digest', 'preview', '--person', 'Anouk de Vries');
      expect(teacher.code).toBe(1);
      expect(teacher.stderr).toContain('leader');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'subscribes a leader to a channel at their own moment and sets the minimum group size',
    async () => {
      const subscribed = await cli(
        'digest',
        'subscribe',
        '--person',
        'Lotte',
        '--channel',
        'de-regenboog-groep-6-8',
        '--at',
        'tue 08:15',
      );
      expect(subscribed.code).toBe(0);
      expect(subscribed.stdout).toContain(
        'Lotte Leeuwen (bestuurder) gets the weekly digest in channel de-regenboog-groep-6-8 at tue 08:15',
      );
      expect((await cli('digest', 'min-group-size', '5')).stdout).toContain('Minimum group size: 5.');
      const listed = JSON.parse((await cli('digest', 'subscriptions', '--json')).stdout) as {
        minGroupSize: number;
        subscriptions: { weekday: number; hour: number; minute: number; bindingId: string | null }[];
      };
      expect(listed.minGroupSize).toBe(5);
      expect(listed.subscriptions).toEqual([expect.objectContaining({ weekday: 2, hour: 8, minute: 15 })]);
      expect(listed.subscriptions[0]?.bindingId).not.toBeNull();
      const badAt = await cli('digest', 'subscribe', '--person', 'Lotte', '--at', 'maandag 7 uur');
      expect(badAt.code).toBe(1);
      expect(badAt.stderr).toContain('--at must be a weekday and a time such as "mon 07:30"');
    },
    CLI_TIMEOUT_MS,
  );
});
