import express from 'express';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { signWebToken } from '../../src/bot/web/session.js';
import { createReportService } from '../../src/report/report-service.js';
import { createReportPorts } from '../../src/store/report-ports.js';
import { aPerson, testDeps } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { seedDigestBoard } from '../support/digest-board.js';
import { memoryReportPorts } from '../support/memory-report.js';
import { movableClock } from '../support/world.js';

const SECRET = 'test-secret-test-secret-test-secret!';

forEachStore('dashboard: the school-year report', (t) => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  async function serve() {
    const board = await seedDigestBoard(t.store);
    const deps = testDeps(t.store, movableClock('2026-11-25T09:00:00Z'));
    const config = {
      publicUrl: 'http://placeholder',
      tokenSecret: SECRET,
      minGroupSize: 3,
      digestAt: { weekday: 1, hour: 7, minute: 30 },
    };
    const digest = createDigestService(deps, config, chartPng);
    const report = createReportService({
      deps,
      ports: t.db ? createReportPorts(t.db) : memoryReportPorts(t.store),
      tokenSecret: SECRET,
      minGroupSize: digest.minGroupSize,
    });
    const app = express().use(
      createDashboardRoutes({
        deps,
        digest,
        report,
        tokenSecret: SECRET,
        digestAt: config.digestAt,
        localPicker: false,
      }),
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const as = async (personId: string) => ({
      cookie: `vv_session=${await signWebToken(SECRET, { organisationId: board.organisationId, personId }, 'session', 600)}`,
      origin: url,
    });
    return { board, url, as, report };
  }

  it("shows a school leader their school's report, never another school's or the board's, and not to members", async () => {
    const { board, url, as } = await serve();
    const leader = await as(board.schoolLeaderA.id);
    const own = await fetch(`${url}/dashboard/report?subject=school:${board.schoolA.id}&year=2026-2027`, {
      headers: leader,
    });
    expect(own.status).toBe(200);
    const page = await own.text();
    for (const text of [
      'Kwaliteitsrapportage De Linde',
      'SKA1 Visie, ambities en doelen',
      'SKA3 Evaluatie, verantwoording en dialoog',
      'Eindtoets 1F lezen',
      'Leesmonitor invoeren',
    ])
      expect(page).toContain(text);
    expect(page).not.toContain('Het Anker');
    expect(page).not.toContain('data-testid="publish"');
    expect(
      (await fetch(`${url}/dashboard/report?subject=school:${board.schoolB.id}&year=2026-2027`, { headers: leader }))
        .status,
    ).toBe(404);
    expect((await fetch(`${url}/dashboard/report?subject=board&year=2026-2027`, { headers: leader })).status).toBe(404);
    expect(
      (
        await fetch(`${url}/dashboard/report.pdf?subject=school:${board.schoolB.id}&year=2026-2027`, {
          headers: leader,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await fetch(`${url}/dashboard/report?subject=school:${board.schoolA.id}`, {
          headers: await as(board.teacher.id),
        })
      ).status,
    ).toBe(403);
    const svg = await fetch(`${url}/dashboard/report/outcomes.svg?subject=school:${board.schoolA.id}&year=2026-2027`, {
      headers: leader,
    });
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await svg.text()).toMatch(/^<svg/);
  });

  it('speaks English to a reader whose language is English: the page, its action history and the PDF', async () => {
    const { board, url, as } = await serve();
    const reader = aPerson(board.organisationId, { displayName: 'Emma Reader', locale: 'en' });
    await t.store.people.create(reader);
    await t.store.people.grantRole({
      organisationId: board.organisationId,
      personId: reader.id,
      role: 'leader',
      scope: { kind: 'school', schoolId: board.schoolA.id },
    });
    const q = `subject=school:${board.schoolA.id}&year=2026-2027`;
    const page = await (await fetch(`${url}/dashboard/report?${q}`, { headers: await as(reader.id) })).text();
    for (const text of [
      '<html lang="en">',
      'Quality report De Linde',
      'School year 2026-2027 (2026-08-01 to 2027-07-31)',
      'SKA2 Implementation and quality culture',
      'Actions per quarter',
      '2026-08-01 to 2026-10-31',
      'Leesmonitor invoeren (Groep 7)',
      'Outside views (reviewers)',
    ])
      expect(page).toContain(text);
    expect(page).toContain('data-testid="action-quarters"');
    const words = page.replace(/<[^>]*>/g, ' ');
    // School A has a school's and a team's figures: the column says so; the phase track reads as dates.
    expect(page).toContain('<th>School / team</th>');
    expect(words).toMatch(/Over the year: \d{1,2} [A-Z][a-z]{2}: phase [1-4]/);
    expect(words).not.toMatch(/\b\d\d-\d\d: \d\b/);
    expect(words).not.toMatch(
      /Schooljaar|Kwaliteitsrapportage|rondes|Besloten|Afgerond|Conclusie|groep te klein|ontbreekt|Eigenaar|kwartaal|Toon\b/,
    );
    const pdf = await fetch(`${url}/dashboard/report.pdf?${q}`, { headers: await as(reader.id) });
    expect(pdf.status).toBe(200);
    const file = join(tmpdir(), `vv-report-en-${randomUUID()}.pdf`);
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    try {
      const { stdout } = await promisify(execFile)('pdftotext', [file, '-']);
      for (const text of ['Quality report De Linde', 'Actions per quarter', 'Page 1 of'])
        expect(stdout).toContain(text);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('lets a coordinator choose a quote, write a conclusion and publish; the version opens as a verified PDF', async () => {
    const { board, url, as } = await serve();
    const coordinator = await as(board.coordinator.id);
    const q = `subject=school:${board.schoolA.id}&year=2026-2027`;
    const first = await (await fetch(`${url}/dashboard/report?${q}`, { headers: coordinator })).text();
    expect(first).toContain('data-testid="publish"');
    const replyId = /name="reply" value="([^"]+)"\s*\/?>\s*<input\s+type="hidden"\s+name="on"\s+value="1"/.exec(
      first,
    )?.[1];
    expect(replyId).toBeTruthy();
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { ...coordinator, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ q, ...fields }).toString(),
        redirect: 'manual',
      });
    expect((await post('/dashboard/report/highlight', { reply: replyId ?? '', on: '1' })).status).toBe(303);
    expect(
      (await post('/dashboard/report/conclusion', { code: 'SKA2', text: 'Het ritme staat <b>echt</b>.' })).status,
    ).toBe(303);
    const published = await post('/dashboard/report/publish', {});
    expect(published.headers.get('location')).toContain('notice=published&version=1');
    const after = await (await fetch(`${url}/dashboard/report?${q}`, { headers: coordinator })).text();
    expect(after).toContain('data-testid="excerpt"');
    // The quoted answer now offers to take the quote back.
    expect(after).toMatch(
      new RegExp(`name="reply" value="${replyId}"\\s*/?>\\s*<input\\s+type="hidden"\\s+name="on"\\s+value="0"`),
    );
    // The year before lists its own answers only, not this year's.
    const yearBefore = await fetch(`${url}/dashboard/report?subject=school:${board.schoolA.id}&year=2025-2026`, {
      headers: coordinator,
    });
    expect(yearBefore.status).toBe(200);
    expect(await yearBefore.text()).not.toContain(`value="${replyId}"`);
    expect(after).toContain('Het ritme staat &lt;b&gt;echt&lt;/b&gt;.');
    const link = /href="(\/dashboard\/report\/versions\/[^"]+\.pdf)"/.exec(after)?.[1];
    expect(after).toContain('Handtekening klopt');
    const pdf = await fetch(`${url}${link}`, { headers: await as(board.schoolLeaderA.id) });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('x-report-signature-valid')).toBe('true');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // A school leader reads but does not curate.
    const refused = await fetch(`${url}/dashboard/report/publish`, {
      method: 'POST',
      headers: { ...(await as(board.schoolLeaderA.id)), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q }).toString(),
      redirect: 'manual',
    });
    expect(refused.headers.get('location')).toContain('notice=not_allowed');
  }, 120_000);
});
