import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, embeddedCli, runCli } from '../support/cli.js';

const { cli, remove } = embeddedCli('vv-cli-', {}, { migrated: true });

afterAll(remove);

describe('the vijfvragen command line', () => {
  it(
    'migrates, seeds, opens a round and reads it back as JSON',
    async () => {
      expect((await cli('migrate')).stdout).toMatch(/Applied|up to date/);
      expect((await cli('seed-demo', '--no-history')).stdout).toContain('Demo board');
      const opened = await cli('round', 'open', '--team', 'Groep 1-2', '--theme', 'rekenen', '--json');
      expect(opened.code).toBe(0);
      const round = JSON.parse(opened.stdout) as { id: string; theme: string; status: string };
      expect(round).toMatchObject({ theme: 'rekenen', status: 'open' });
      const rounds = JSON.parse((await cli('rounds', '--json')).stdout) as {
        id: string;
        teamName: string;
        replies: number;
      }[];
      expect(rounds).toEqual([expect.objectContaining({ id: round.id, teamName: 'Groep 1-2', replies: 0 })]);
      expect(JSON.parse((await cli('replies', '--round', round.id, '--json')).stdout)).toEqual([]);
      // Schedules read in words, never as a cron expression.
      const schedules = await cli('schedules');
      expect(schedules.stdout).toContain('Elke maandag om 09:00');
      expect(schedules.stdout).not.toMatch(/\d \* \* \d/);
      expect((await cli('schedules', '--locale', 'en')).stdout).toContain('Every Monday at 09:00');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'grants a role and refuses unknown input with a clear message and exit code',
    async () => {
      const granted = await cli(
        'role',
        'grant',
        '--person',
        'Anouk de Vries',
        '--role',
        'coordinator',
        '--school',
        'De Regenboog',
      );
      expect(granted.stdout).toContain('Anouk de Vries is now coordinator (school)');
      const people = JSON.parse((await cli('people', '--json')).stdout) as {
        displayName: string;
        roles: { role: string }[];
      }[];
      expect(people.find((p) => p.displayName === 'Anouk de Vries')?.roles.map((r) => r.role)).toContain('coordinator');
      const badRole = await cli('role', 'grant', '--person', 'Anouk de Vries', '--role', 'king');
      expect(badRole.code).toBe(1);
      expect(badRole.stderr).toContain('--role must be one of member, coordinator, leader');
      const badTeam = await cli('round', 'open', '--team', 'Groep 9');
      expect(badTeam.code).toBe(1);
      expect(badTeam.stderr).toContain('Team "Groep 9" was not found.');
    },
    CLI_TIMEOUT_MS,
  );

  it('stops with every configuration problem named', async () => {
    const { code, stderr } = await runCli({ PORT: 'x', DEFAULT_LOCALE: 'fr' }, 'rounds');
    expect(code).toBe(2);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('DEFAULT_LOCALE');
  });
});
