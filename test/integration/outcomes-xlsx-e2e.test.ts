import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebToken } from '../../src/bot/web/session.js';
import type { Running } from '../../src/main.js';
import { cliTargets } from '../support/cli-targets.js';
import { BOT_TEST_TIMEOUT, forEachDatabase } from '../support/running-bot.js';

/** examples/outcomes.csv's header and rows as sheet cells, plus rows a workbook must refuse. */
const EXAMPLE = readFileSync('examples/outcomes.xlsx');
const HEADER = readFileSync('examples/outcomes.csv', 'utf8').split('\n')[0]?.split(',') ?? [];
const NAMED = ['', '', 'Eindtoets 1F lezen', '%', 'higher', 95];
const BAD_ROWS = [
  HEADER,
  ['eindtoets_1f_lezen', 'De Regenboog', 'Groep 6-8', '2025-2026', 88, ...NAMED],
  ['eindtoets_1f_lezen', 'De Regenboog', 'Groep 6-8', '2025-2027', 'abc', ...NAMED],
  ['eindtoets_1f_lezen', 'Nergens', '', '2025', 3, ...NAMED],
];

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Opbrengsten');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The example cut short: a zip whose central directory is gone, as a failed download leaves it. */
const DAMAGED = EXAMPLE.subarray(0, Math.floor(EXAMPLE.length / 2));

for (const target of cliTargets('vv-xlsx-cli-')) {
  const skip = target.unavailable !== undefined && process.env.CI !== 'true';
  (skip ? describe.skip : describe)(`vijfvragen outcomes import of an .xlsx workbook [${target.name}]`, () => {
    const { cli } = target;
    const dir = target.env.DATA_DIR ?? '/tmp';
    const snapshots = async () =>
      (JSON.parse((await cli('outcomes', 'list', '--json')).stdout) as { snapshots: unknown[] }).snapshots;
    beforeAll(async () => {
      await target.setUp();
      expect((await cli('migrate')).code).toBe(0);
      expect((await cli('seed-demo')).code).toBe(0);
    }, BOT_TEST_TIMEOUT);
    afterAll(() => target.tearDown());

    it(
      'refuses a workbook with bad rows by sheet row and a damaged one by name, changing nothing; then imports the example',
      async () => {
        // The demo board holds figures of its own (its history): a refusal must leave them as they were.
        const before = await snapshots();
        expect(before.length).toBeGreaterThan(0);
        const bad = join(dir, `bad-${target.name}.xlsx`);
        writeFileSync(bad, await workbook(BAD_ROWS));
        const refused = await cli('outcomes', 'import', bad);
        expect(refused).toEqual({
          code: 1,
          stdout: '',
          stderr:
            'Line 3 (value): "abc" is not a number\nLine 4 (school): school "Nergens" does not exist\nNothing imported: 2 errors.\n',
        });
        expect(await snapshots()).toEqual(before);

        const damaged = join(dir, `damaged-${target.name}.xlsx`);
        writeFileSync(damaged, DAMAGED);
        const unreadable = await cli('outcomes', 'import', damaged);
        expect(unreadable).toMatchObject({ code: 1, stdout: '' });
        expect(unreadable.stderr).toMatch(
          /^Line 1: this is not a readable \.xlsx workbook \(.+\); save it again in Excel, or as CSV\nNothing imported: 1 error\.\n$/,
        );
        expect(await snapshots()).toEqual(before);

        const imported = await cli('outcomes', 'import', 'examples/outcomes.xlsx');
        expect(imported.code).toBe(0);
        expect(imported.stdout).toMatch(
          /^Imported: \d+ new and \d+ updated figures, \d+ new metrics, \d+ rounds started\.\n$/,
        );
        const afterWorkbook = await snapshots();
        // The CSV example holds the same figures: importing it after the workbook only updates.
        const csv = await cli('outcomes', 'import', 'examples/outcomes.csv');
        expect(csv.stdout).toBe('Imported: 0 new and 14 updated figures, 0 new metrics, 0 rounds started.\n');
        expect(await snapshots()).toHaveLength(afterWorkbook.length);
      },
      BOT_TEST_TIMEOUT,
    );
  });
}

forEachDatabase('dashboard upload of an .xlsx workbook', (t) => {
  const env = { SEED_DEMO: 'true', TOKEN_SECRET: 'xlsx-upload-token-secret-xlsx-upload-0000' };
  let running: Running;
  let organisationId: string;
  let cookie: string;

  beforeAll(async () => {
    running = await t.start(env);
    organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    const coordinator = (await running.app.store.people.list(organisationId)).find((p) =>
      p.displayName.startsWith('Coby Koster'),
    );
    expect(coordinator).toBeDefined();
    const session = { organisationId, personId: coordinator?.id ?? '' };
    cookie = `vv_session=${await signWebToken(env.TOKEN_SECRET, session, 'session', 600)}`;
    expect(cookie).toMatch(/^vv_session=/);
  }, BOT_TEST_TIMEOUT);

  const upload = async (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(bytes)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      name,
    );
    const response = await fetch(`${running.url}/dashboard/outcomes/import`, {
      method: 'POST',
      headers: { cookie, origin: running.url },
      body: form,
    });
    return { status: response.status, page: await response.text() };
  };
  const stored = async () => ({
    metrics: (await running.app.store.metrics.list(organisationId)).length,
    snapshots: await running.app.store.snapshots.list(organisationId),
  });

  it(
    'refuses a workbook with bad rows and a damaged one, each with a clear line and nothing stored; imports the example',
    async () => {
      const before = await stored();
      const bad = await upload(await workbook(BAD_ROWS), 'opbrengsten.xlsx');
      expect(bad.status).toBe(400);
      expect(bad.page).toContain('Niets geïmporteerd');
      expect(bad.page).toContain('Regel 3 (value): &quot;abc&quot; is geen getal');
      expect(bad.page).toContain('Regel 4 (school)');
      expect(await stored()).toEqual(before);

      const damaged = await upload(DAMAGED, 'kapot.xlsx');
      expect(damaged.status).toBe(400);
      expect(damaged.page).toContain('Regel 1: dit werkblad (.xlsx) is niet te lezen');
      expect(damaged.page).not.toMatch(/at .*\.[jt]s:\d+/);
      expect(await stored()).toEqual(before);

      const good = await upload(EXAMPLE, 'outcomes.xlsx');
      expect(good.status).toBe(200);
      expect(good.page).toMatch(/Geïmporteerd: \d+ nieuw, \d+ bijgewerkt/);
      const after = await stored();
      // Every one of the example's 14 figures is now the workbook's, new or updated.
      expect(after.snapshots.filter((s) => s.source === 'dashboard:outcomes.xlsx')).toHaveLength(14);
    },
    BOT_TEST_TIMEOUT,
  );
});
