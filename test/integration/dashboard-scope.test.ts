import express from 'express';
import type { Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { createDigestService } from '../../src/bot/digest/digest-service.js';
import { signWebToken } from '../../src/bot/web/session.js';
import { forEachStore } from '../support/db.js';
import { testDeps } from '../support/builders.js';
import { seedDigestBoard, WEEK, type DigestBoard } from '../support/digest-board.js';
import { pngFacts } from '../support/png.js';
import { movableClock } from '../support/world.js';

const SECRET = 'test-secret-test-secret-test-secret!';

forEachStore('dashboard: scoped by role', (t) => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  async function serve(): Promise<{ board: DigestBoard; url: string; as: (personId: string) => Promise<Record<string, string>>; chartUrl: (personId: string) => string }> {
    const board = await seedDigestBoard(t.store);
    const deps = testDeps(t.store, movableClock('2026-11-23T09:00:00Z'));
    const config = { publicUrl: 'http://placeholder', tokenSecret: SECRET, minGroupSize: 3, digestAt: { weekday: 1, hour: 7, minute: 30 } };
    const digest = createDigestService(deps, config);
    const app = express().use(createDashboardRoutes({ deps, digest, tokenSecret: SECRET, digestAt: config.digestAt, localPicker: false }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const as = async (personId: string) => ({ cookie: `vv_session=${await signWebToken(SECRET, { organisationId: board.organisationId, personId }, 'session', 600)}` });
    return { board, url, as, chartUrl: (personId) => digest.chartUrl(board.organisationId, personId, WEEK).replace('http://placeholder', url) };
  }

  it('shows a leader of school A only school A, and answers 404 for school B\'s team', async () => {
    const { board, url, as } = await serve();
    const headers = await as(board.schoolLeaderA.id);
    const overview = await fetch(`${url}/dashboard`, { headers });
    expect(overview.status).toBe(200);
    const page = await overview.text();
    expect(page).toContain('De Linde');
    expect(page).toContain('Groep 7');
    expect(page).not.toContain('Het Anker');
    expect(page).not.toContain('Bovenbouw');

    expect((await fetch(`${url}/dashboard/teams/${board.bovenbouw.id}`, { headers })).status).toBe(404);
    expect((await fetch(`${url}/dashboard/teams/${board.bovenbouw.id}/chart.png`, { headers })).status).toBe(404);
    const own = await fetch(`${url}/dashboard/teams/${board.groep7.id}`, { headers });
    expect(own.status).toBe(200);
    const ownPage = await own.text();
    expect(ownPage).toContain('Leesmonitor invoeren');
    // Quoted answers are escaped HTML: the hostile one shows as text and runs nothing.
    expect(ownPage).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(ownPage).not.toContain('<script>alert(1)</script>');
    const chart = await fetch(`${url}/dashboard/teams/${board.groep7.id}/chart.png`, { headers });
    expect(chart.headers.get('content-type')).toBe('image/png');
    expect(pngFacts(Buffer.from(await chart.arrayBuffer())).width).toBe(800);
  });

  it('gives a teacher their own team only, and no digest', async () => {
    const { board, url, as } = await serve();
    const headers = await as(board.teacher.id);
    const page = await (await fetch(`${url}/dashboard`, { headers })).text();
    expect(page).toContain('Groep 7');
    expect(page).not.toContain('Groep 8');
    expect((await fetch(`${url}/dashboard/teams/${board.groep8.id}`, { headers })).status).toBe(404);
    expect((await fetch(`${url}/dashboard/digest?week=${WEEK}`, { headers })).status).toBe(403);
  });

  it('refuses visitors without a session', async () => {
    const { board, url } = await serve();
    expect((await fetch(`${url}/dashboard`)).status).toBe(401);
    expect((await fetch(`${url}/dashboard/teams/${board.groep7.id}`, { headers: { cookie: 'vv_session=forged' } })).status).toBe(401);
  });

  it('lets a leader change an action\'s owner, due date and status, refusing cross-site posts and bad dates', async () => {
    const { board, url, as } = await serve();
    const headers = { ...(await as(board.schoolLeaderA.id)), 'content-type': 'application/x-www-form-urlencoded' };
    const [action] = (await t.store.actions.listByTeam(board.organisationId, board.groep7.id)).filter((a) => a.title === 'Ouderavond plannen');
    if (!action) throw new Error('seed has no action');
    const post = (body: string, extra: Record<string, string> = {}) => fetch(`${url}/dashboard/actions/${action.id}`, { method: 'POST', headers: { ...headers, ...extra }, body, redirect: 'manual' });

    const crossSite = await post(`owner=${board.names['Dirk Dekker']?.id}&due=2026-12-01&status=in_progress`, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const badDate = await post('owner=&due=2026-02-31&status=done');
    expect(badDate.headers.get('location')).toBe(`/dashboard/teams/${board.groep7.id}?error=input.invalid`);
    expect(await t.store.actions.get(board.organisationId, action.id)).toMatchObject({ status: 'open', dueOn: '2026-11-10', ownerPersonId: null });

    const saved = await post(`owner=${board.names['Dirk Dekker']?.id}&due=2026-12-01&status=in_progress`);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/dashboard/teams/${board.groep7.id}?notice=saved`);
    expect(await t.store.actions.get(board.organisationId, action.id)).toMatchObject({ status: 'in_progress', dueOn: '2026-12-01', ownerPersonId: board.names['Dirk Dekker']?.id });
  });

  it('serves the digest as a web page and its chart at a signed, stable URL', async () => {
    const { board, url, as, chartUrl } = await serve();
    const page = await fetch(`${url}/dashboard/digest?week=${WEEK}`, { headers: await as(board.schoolLeaderA.id) });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Weekoverzicht 2026-W47');
    expect(text).toContain('Fase per school');
    expect(text).not.toContain('Het Anker');

    const signed = chartUrl(board.schoolLeaderA.id);
    expect(signed).toBe(chartUrl(board.schoolLeaderA.id));
    const png = await fetch(signed);
    expect(png.status).toBe(200);
    expect(pngFacts(Buffer.from(await png.arrayBuffer()))).toMatchObject({ width: 800, height: 400 });
    expect((await fetch(signed.replace(/sig=./, 'sig=X'))).status).toBe(404);
    expect((await fetch(signed.replace(board.schoolLeaderA.id, board.boardLeader.id))).status).toBe(404);
  });

  it('shows the schedules page with the digest moment and leaders\' own subscriptions', async () => {
    const { board, url, as } = await serve();
    const [channel] = await t.store.bindings.listByTeam(board.organisationId, board.groep7.id);
    await t.store.digests.upsertSubscription({ id: 'sub-1', organisationId: board.organisationId, personId: board.schoolLeaderA.id, bindingId: channel?.id ?? null, weekday: 2, hour: 8, minute: 0, createdAt: new Date('2026-11-01T08:00:00Z') });
    const page = await (await fetch(`${url}/dashboard/schedules`, { headers: await as(board.boardLeader.id) })).text();
    expect(page).toContain('Elke maandag om 07:30');
    expect(page).toMatch(/Sanne Smit<\/td><td>#Groep 7<\/td><td>dinsdag 08:00/);
    const teacherPage = await (await fetch(`${url}/dashboard/schedules`, { headers: await as(board.teacher.id) })).text();
    expect(teacherPage).not.toContain('Sanne Smit');
  });
});
