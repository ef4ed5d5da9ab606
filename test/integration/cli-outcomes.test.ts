import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedCli } from '../support/cli.js';

const { cli, remove, dataDir } = embeddedCli('vv-cli-outcomes-', { PUBLIC_URL: 'https://vv.example' });

afterAll(remove);

describe('vijfvragen outcomes, actions and guests on the command line', () => {
  it('imports the example file, re-imports it as updates, and refuses a bad file with line-numbered errors', async () => {
    expect((await cli('seed-demo', '--no-history')).code).toBe(0);
    const first = await cli('outcomes', 'import', 'examples/outcomes.csv');
    expect(first).toMatchObject({
      code: 0,
      stdout: 'Imported: 14 new and 0 updated figures, 5 new metrics, 1 rounds started.\n',
    });
    const again = await cli('outcomes', 'import', 'examples/outcomes.csv');
    expect(again.stdout).toBe('Imported: 0 new and 14 updated figures, 0 new metrics, 0 rounds started.\n');

    const bad = join(dataDir, 'bad.csv');
    writeFileSync(
      bad,
      'metric,school,team,period,value\neindtoets_1f_lezen,De Regenboog,Groep 6-8,2025-2026,88\neindtoets_1f_lezen,De Regenboog,Groep 6-8,2025-2027,abc\nverzuim,Nergens,,2025,3\n',
    );
    const refused = await cli('outcomes', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'Line 3 (value): "abc" is not a number\nLine 4 (school): school "Nergens" does not exist\nNothing imported: 2 errors.\n',
    );
    const listed = JSON.parse((await cli('outcomes', 'list', '--json')).stdout) as {
      snapshots: { metricKey: string; period: string }[];
    };
    expect(listed.snapshots).toHaveLength(14);
    expect(listed.snapshots.filter((s) => s.metricKey === 'eindtoets_1f_lezen').map((s) => s.period)).toEqual([
      '2023-2024',
      '2024-2025',
      '2023-2024',
      '2024-2025',
    ]);
    expect((await cli('outcomes', 'import', join(dataDir, 'missing.csv'))).code).toBe(1);
  }, 240_000);

  it('refuses a file over the limit before reading it, a binary file and a folder, each with a clear line', async () => {
    const huge = join(dataDir, 'huge.csv');
    writeFileSync(huge, '');
    truncateSync(huge, 352_000_000);
    const tooLarge = await cli('outcomes', 'import', huge);
    expect(tooLarge).toMatchObject({ code: 1, stdout: '' });
    expect(tooLarge.stderr).toBe(
      `${huge} is too large: 352000000 bytes, at most 2000000 bytes (2 MB). Split it into smaller files.\n`,
    );
    const workbook = join(dataDir, 'figures.xlsx.csv');
    writeFileSync(workbook, Buffer.from('PK\u0003\u0004[Content_Types].xml', 'latin1'));
    const binary = await cli('outcomes', 'import', workbook);
    expect(binary.code).toBe(1);
    // A zip is read as an .xlsx workbook now; a broken one gets a clear line, never a stack.
    expect(binary.stderr).toContain('not a readable .xlsx workbook');
    expect(binary.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(await cli('outcomes', 'import', dataDir)).toMatchObject({ code: 1, stderr: `${dataDir} is not a file.\n` });
  }, 240_000);

  it('invites a guest to a closed round only, and sets an action from the command line', async () => {
    const rounds = JSON.parse((await cli('rounds', '--json')).stdout) as {
      id: string;
      trigger: string;
      status: string;
    }[];
    const dataRound = rounds.find((r) => r.trigger === 'data');
    expect(dataRound).toMatchObject({ status: 'open' });
    const early = await cli('guest', 'invite', '--round', dataRound!.id, '--name', 'MR De Regenboog');
    expect(early).toMatchObject({ code: 1, stderr: 'Invite outside reviewers once the round is closed.\n' });
    const badAction = await cli('action', 'set', 'nope', '--status', 'done');
    expect(badAction).toMatchObject({ code: 1, stderr: 'That action was not found.\n' });
    const badStatus = await cli('action', 'set', 'nope', '--status', 'later');
    expect(badStatus.stderr).toBe('"later" is not a status (open, in_progress, done, dropped).\n');
  }, 240_000);
});
