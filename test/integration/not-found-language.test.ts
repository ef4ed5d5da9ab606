import express from 'express';
import type { Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { signWebToken } from '../../src/bot/web/session.js';
import type { Locale } from '../../src/dialogues/model.js';
import { defaultLocaleOf, sendNotFound } from '../../src/http-errors.js';
import { createReportService } from '../../src/report/report-service.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { createReportPorts } from '../../src/store/report-ports.js';
import { testDeps } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { seedDigestBoard } from '../support/digest-board.js';
import { memoryReportPorts } from '../support/memory-report.js';
import { movableClock } from '../support/world.js';

const SECRET = 'test-secret-test-secret-test-secret!';

forEachStore('404 pages in the reader’s language', (t) => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  /** The dashboard's routes behind the server's DEFAULT_LOCALE and its final 404, as src/server.ts wires them. */
  async function serve(defaultLocale: Locale) {
    const board = await seedDigestBoard(t.store);
    const deps = testDeps(t.store, movableClock('2026-11-25T09:00:00Z'));
    const digestAt = { weekday: 1, hour: 7, minute: 30 };
    const digest = createDigestService(
      deps,
      { publicUrl: 'http://placeholder', tokenSecret: SECRET, minGroupSize: 3, digestAt },
      chartPng,
    );
    const report = createReportService({
      deps,
      ports: t.db ? createReportPorts(t.db) : memoryReportPorts(t.store),
      tokenSecret: SECRET,
      minGroupSize: digest.minGroupSize,
    });
    const app = express()
      .use(defaultLocaleOf(defaultLocale))
      .use(createDashboardRoutes({ deps, digest, report, tokenSecret: SECRET, digestAt, localPicker: false }))
      .use((_req, res) => sendNotFound(res));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const cookie = async (personId: string) => ({
      cookie: `vv_session=${await signWebToken(SECRET, { organisationId: board.organisationId, personId }, 'session', 600)}`,
    });
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${url}${path}`, { headers });
      return { status: response.status, body: await response.text() };
    };
    return { board, get, cookie, url };
  }

  const signedPaths = [
    '/dashboard/teams/no-such-team',
    '/dashboard/rounds/no-such-round',
    '/dashboard/report/versions/no-such-version.pdf',
  ];
  const openPaths = ['/charts/digest/org/person/2026-W48.png?sig=forged', '/nowhere'];

  it('answers "Niet gevonden" to a Dutch reader and with DEFAULT_LOCALE=nl', async () => {
    const { board, get, cookie } = await serve('nl');
    const leader = await cookie(board.schoolLeaderA.id);
    for (const path of signedPaths)
      expect(await get(path, leader), path).toEqual({ status: 404, body: 'Niet gevonden (404).' });
    for (const path of openPaths) expect(await get(path), path).toEqual({ status: 404, body: 'Niet gevonden (404).' });
  });

  it('answers "Not found" with DEFAULT_LOCALE=en; a signed-in reader’s own language wins', async () => {
    const { board, get, cookie, url } = await serve('en');
    for (const path of openPaths) expect(await get(path), path).toEqual({ status: 404, body: 'Not found (404).' });
    // A signed-in reader's own language wins over the server's.
    const dutch = await cookie(board.schoolLeaderA.id);
    expect(await get(signedPaths[0] ?? '', dutch)).toEqual({ status: 404, body: 'Niet gevonden (404).' });
    await t.store.people.update(board.organisationId, board.schoolLeaderA.id, { locale: 'en' });
    for (const path of signedPaths)
      expect(await get(path, dutch), path).toEqual({ status: 404, body: 'Not found (404).' });
    // A post from another site is refused before anyone is known: in the server's language.
    const forged = await fetch(`${url}/dashboard/actions/x`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect({ status: forged.status, body: await forged.text() }).toEqual({
      status: 403,
      body: 'Request from another site refused (403).',
    });
  });

  it('answers a bad week in the reader’s language', async () => {
    const { board, get, cookie } = await serve('nl');
    await t.store.people.update(board.organisationId, board.schoolLeaderA.id, { locale: 'en' });
    const english = await cookie(board.schoolLeaderA.id);
    expect(await get('/dashboard/digest/chart.png?week=2026-W99', english)).toEqual({
      status: 400,
      body: 'There is no such week (400).',
    });
    const dutch = await cookie(board.coordinator.id);
    expect((await get('/dashboard/digest/chart.png?week=nonsense', dutch)).body).toBe('Deze week bestaat niet (400).');
  });
});
