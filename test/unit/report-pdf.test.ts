import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, type ReportDeps } from '../../src/dialogues/report/build-report.js';
import { markHighlight, writeConclusion } from '../../src/dialogues/report/curate-report.js';
import type { ReportBody } from '../../src/dialogues/report/report-body.js';
import { defaultFramework } from '../../src/report/framework-file.js';
import { reportPdf } from '../../src/report/report-pdf.js';
import { testDeps } from '../support/builders.js';
import { seedDigestBoard } from '../support/digest-board.js';
import { memoryReportPorts } from '../support/memory-report.js';
import { createMemoryStore } from '../support/memory-store.js';
import { pngFacts } from '../support/png.js';
import { movableClock } from '../support/world.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'vv-report-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A school's report with a chosen quote and a conclusion, built over the memory store. */
async function schoolReport(): Promise<ReportBody> {
  const store = createMemoryStore();
  const board = await seedDigestBoard(store);
  const ports = memoryReportPorts(store);
  const deps: ReportDeps = {
    dialogue: testDeps(store, movableClock('2026-11-25T10:00:00Z')),
    ...ports,
    defaultFramework: defaultFramework(),
  };
  const round = (await store.rounds.list(board.organisationId)).find((r) => r.teamId === board.groep7.id);
  const quote = (await store.replies.listByRound(board.organisationId, round?.id ?? '')).find(
    (r) => r.questionKey === 'evidence' && r.text.includes('Bas'),
  );
  await markHighlight(deps, {
    organisationId: board.organisationId,
    personId: board.coordinator.id,
    replyId: quote?.id ?? '',
    on: true,
  });
  await writeConclusion(deps, {
    organisationId: board.organisationId,
    personId: board.coordinator.id,
    subject: { kind: 'school', schoolId: board.schoolA.id },
    period: { year: '2026-2027' },
    code: 'SKA3',
    text: 'De dialoog met ouders en buurschool is op gang.',
  });
  const built = await buildReport(deps, {
    organisationId: board.organisationId,
    personId: board.coordinator.id,
    subject: { kind: 'school', schoolId: board.schoolA.id },
    period: { year: '2026-2027' },
    minGroupSize: 3,
  });
  if (!built.ok) throw new Error(built.code);
  return built.value;
}

describe('the report as a PDF (pdfmake), read back with poppler', () => {
  it('prints A4 pages with page numbers, the standards, figures, quotes and a chart; no page is blank', async () => {
    const body = await schoolReport();
    const pdf = await reportPdf(body, 'nl', { version: 3, publishedAt: new Date('2026-11-25T10:00:00Z') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, `${randomUUID()}.pdf`);
    writeFileSync(file, pdf);

    const { stdout: info } = await run('pdfinfo', [file]);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);

    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    for (const expected of [
      'Kwaliteitsrapportage De Linde',
      'Schooljaar 2026-2027',
      'SKA1 Visie, ambities en doelen',
      'SKA2 Uitvoering en kwaliteitscultuur',
      'SKA3 Evaluatie, verantwoording en dialoog',
      'De dialoog met ouders en buurschool is op gang.',
      'Eindtoets 1F lezen',
      '2024-2025: 88%',
      '2025-2026: 91%',
      '≥ 95%',
      'evidence volgens Bas Bakker',
      'Leesmonitor invoeren',
      'Acties per kwartaal',
      'Versie 3, gepubliceerd op 2026-11-25 10:00',
      `Pagina 1 van ${pages}`,
      `Pagina ${pages} van ${pages}`,
    ]) {
      expect(text).toContain(expected);
    }

    await run('pdftoppm', ['-r', '50', '-png', file, join(dir, 'page')]);
    const images = readdirSync(dir)
      .filter((name) => name.startsWith('page') && name.endsWith('.png'))
      .sort();
    expect(images).toHaveLength(pages);
    for (const image of images) {
      const facts = pngFacts(readFileSync(join(dir, image)));
      expect(facts.width).toBeGreaterThan(400);
      expect(facts.inked).toBeGreaterThan(0.01);
      expect(facts.colours).toBeGreaterThan(2);
    }
  }, 120_000);

  it('prints the same report in English, with no Dutch left in its own words', async () => {
    const pdf = await reportPdf(await schoolReport(), 'en');
    const file = join(dir, `${randomUUID()}-en.pdf`);
    writeFileSync(file, pdf);
    const { stdout: text } = await run('pdftotext', [file, '-']);
    for (const expected of [
      'Quality report De Linde',
      'School year 2026-2027',
      'SKA1 Vision, ambitions and goals',
      'Results against targets',
      'Draft (not published)',
      'Page 1 of',
      'Actions per quarter',
      'Decided (3)',
      'Leesmonitor invoeren (Groep 7)',
      '1 contribution from an outside reviewer',
      'Outside reviewer · Groep 7',
      'School / team',
    ])
      expect(text).toContain(expected);
    expect(text).toMatch(/Over the year: \d{1,2} [A-Z][a-z]{2}: phase [1-4]/);
    // The report's own words, not the data (team and metric names stay as the school wrote them).
    expect(text).not.toMatch(
      /Pagina|Schooljaar|Kwaliteitsrapportage|rondes|Besloten|Afgerond|Concept|Conclusie|groep te klein|aanwezig|ontbreekt|meekijker|Eigenaar|kwartaal/,
    );
  }, 120_000);
});
