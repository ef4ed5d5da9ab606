import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTargets } from '../support/cli-targets.js';
import { BOT_TEST_TIMEOUT } from '../support/running-bot.js';

const pdfText = async (file: string) => (await promisify(execFile)('pdftotext', [file, '-'])).stdout;

for (const target of cliTargets('vv-cli-report-')) {
  const skip = target.unavailable !== undefined && process.env.CI !== 'true';
  (skip ? describe.skip : describe)(`vijfvragen report on the command line [${target.name}]`, () => {
    const { cli } = target;
    const dir = target.env.DATA_DIR ?? '/tmp';
    const school = ['--school', 'De Regenboog'];
    beforeAll(async () => {
      await target.setUp();
      expect((await cli('migrate')).code).toBe(0);
      expect((await cli('seed-demo')).code).toBe(0);
    }, BOT_TEST_TIMEOUT);
    afterAll(() => target.tearDown());

    it(
      'prints the report in English, writes it as a PDF, publishes a signed version and verifies a handed-over PDF',
      async () => {
        const text = await cli('report', ...school, '--locale', 'en');
        expect(text.code).toBe(0);
        for (const line of ['Quality report De Regenboog', '== Standards of the framework', '== Actions per quarter'])
          expect(text.stdout).toContain(line);
        expect(await cli('report', '--school', 'Nergens')).toMatchObject({ code: 1 });

        const conclusion = await cli(
          'report',
          'conclusion',
          ...school,
          '--standard',
          'SKA2',
          '--text',
          'Het ritme staat.',
        );
        expect(conclusion.stdout).toMatch(/^Conclusion for SKA2 \(\d{4}-\d{4}\) saved\.\n$/);
        const draft = join(dir, `draft-${target.name}.pdf`);
        expect((await cli('report', ...school, '--pdf', draft)).code).toBe(0);
        const draftText = await pdfText(draft);
        for (const line of [
          'Kwaliteitsrapportage De Regenboog',
          'SKA2 Uitvoering en kwaliteitscultuur',
          'Het ritme staat.',
        ])
          expect(draftText).toContain(line);
        expect(draftText).toContain('Concept (niet gepubliceerd)');

        const published = await cli('report', 'publish', ...school, '--json');
        expect(published.code).toBe(0);
        const version = JSON.parse(published.stdout) as { id: string; version: number };
        expect(version.version).toBe(1);
        const copy = join(dir, `v1-${target.name}.pdf`);
        expect((await cli('report', 'version', version.id, '--pdf', copy)).code).toBe(0);
        expect(await pdfText(copy)).toContain('Versie 1, gepubliceerd op');
        const verified = await cli('report', 'verify', '--file', copy);
        expect(verified).toMatchObject({ code: 0 });
        expect(verified.stdout).toContain(`Verified: version 1 of`);

        const forged = join(dir, `forged-${target.name}.pdf`);
        writeFileSync(forged, Buffer.concat([readFileSync(copy), Buffer.from('\n% changed\n')]));
        const refused = await cli('report', 'verify', '--file', forged);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('NOT VERIFIED');
      },
      BOT_TEST_TIMEOUT,
    );

    it(
      'sets an action by its number: refused with the teams named when several teams have it, set with --team',
      async () => {
        const listed = JSON.parse((await cli('actions', '--all', '--json')).stdout) as {
          number: number;
          teamId: string;
          status: string;
        }[];
        const shared = listed.find((a) => listed.some((b) => b.number === a.number && b.teamId !== a.teamId));
        expect(shared).toBeDefined();
        const ambiguous = await cli('action', 'set', `#${shared!.number}`, '--status', 'dropped');
        expect(ambiguous.code).toBe(1);
        expect(ambiguous.stderr).toMatch(
          new RegExp(
            `^Several teams have an action #${shared!.number}: .+, .+\\. Nothing was changed\\. Name the team with --team\\.\\n$`,
          ),
        );
        // Nothing changed: every action as it was.
        expect(JSON.parse((await cli('actions', '--all', '--json')).stdout)).toEqual(listed);

        const set = await cli('action', 'set', `#${shared!.number}`, '--team', shared!.teamId, '--status', 'dropped');
        expect(set.code).toBe(0);
        expect(set.stdout).toMatch(new RegExp(`^Action #${shared!.number} \\(.+\\): .+ · dropped · `));
      },
      BOT_TEST_TIMEOUT,
    );
  });
}
