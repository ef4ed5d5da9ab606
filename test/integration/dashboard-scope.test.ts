import express from 'express';
import type { Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { signWebToken } from '../../src/bot/web/session.js';
import { createWebRoutes } from '../../src/bot/web/web-routes.js';
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

  async function serve(): Promise<{
    board: DigestBoard;
    url: string;
    as: (personId: string) => Promise<Record<string, string>>;
    chartUrl: (personId: string) => string;
  }> {
    const board = await seedDigestBoard(t.store);
    const deps = testDeps(t.store, movableClock('2026-11-23T09:00:00Z'));
    const config = {
      publicUrl: 'http://placeholder',
      tokenSecret: SECRET,
      minGroupSize: 3,
      digestAt: { weekday: 1, hour: 7, minute: 30 },
    };
    const digest = createDigestService(deps, config, chartPng);
    // The web channel as it is mounted when Slack or Teams is configured: people sign in as themselves.
    const web = createWebRoutes({
      deps,
      features: {},
      tokenSecret: SECRET,
      localMode: false,
      scoped: true,
      publicUrl: 'http://placeholder',
      locale: 'nl',
    });
    const app = express()
      .use(web)
      .use(createDashboardRoutes({ deps, digest, tokenSecret: SECRET, digestAt: config.digestAt, localPicker: false }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const as = async (personId: string) => ({
      cookie: `vv_session=${await signWebToken(SECRET, { organisationId: board.organisationId, personId }, 'session', 600)}`,
    });
    return {
      board,
      url,
      as,
      chartUrl: (personId) => digest.chartUrl(board.organisationId, personId, WEEK).replace('http://placeholder', url),
    };
  }

  it("shows a leader of school A only school A, and answers 404 for school B's team", async () => {
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

  it('cuts the web channel to the same scope: a channel whose team page is 404 is 404 on every /web route', async () => {
    const { board, url, as } = await serve();
    const eva = board.names['Eva Evers'];
    if (!eva) throw new Error('seed changed');
    const headers = await as(eva.id);
    const bindingOf = async (teamId: string) => {
      const [binding] = await t.store.bindings.listByTeam(board.organisationId, teamId);
      if (!binding) throw new Error('no binding');
      return binding;
    };
    const [own, other, otherSchool] = [
      await bindingOf(board.groep8.id),
      await bindingOf(board.groep7.id),
      await bindingOf(board.bovenbouw.id),
    ];
    const [r7] = await t.store.rounds.list(board.organisationId, { teamId: board.groep7.id });
    if (!r7) throw new Error('no round');

    expect((await fetch(`${url}/dashboard/teams/${board.groep7.id}`, { headers })).status).toBe(404);
    for (const binding of [other, otherSchool]) {
      const page = await fetch(`${url}/web/channels/${binding.id}`, { headers });
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain('volgens');
      expect(await (await fetch(`${url}/web/channels/${binding.id}/version`, { headers })).text()).toBe('gone');
    }
    const post = (path: string, body: Record<string, string>) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    for (const [path, body] of [
      [`/web/channels/${other.id}/command`, { text: 'acties' }],
      [`/web/channels/${other.id}/rounds`, { theme: 'spionage' }],
      [`/web/rounds/${r7.id}/answers`, { right_things: 'van buiten' }],
      [`/web/rounds/${r7.id}/thread`, { text: 'van buiten', messageId: 'abcdefgh-1234' }],
      [`/web/rounds/${r7.id}/close`, {}],
    ] as const) {
      const response = await post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers.get('set-cookie') ?? '').not.toContain('vv_flash');
    }
    // Their own channel works, and lists no channel they may not read.
    const page = await fetch(`${url}/web/channels/${own.id}`, { headers });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Fleur vindt het ook.');
    expect(text).not.toContain(`/web/channels/${other.id}`);
    expect(text).not.toContain(`/web/channels/${otherSchool.id}`);
    expect((await fetch(`${url}/web`, { headers, redirect: 'manual' })).headers.get('location')).toBe(
      `/web/channels/${own.id}`,
    );
    // A coordinator of the organisation still reads every channel.
    expect((await fetch(`${url}/web/channels/${other.id}`, { headers: await as(board.coordinator.id) })).status).toBe(
      200,
    );
  });

  it('refuses visitors without a session', async () => {
    const { board, url } = await serve();
    expect((await fetch(`${url}/dashboard`)).status).toBe(401);
    expect(
      (await fetch(`${url}/dashboard/teams/${board.groep7.id}`, { headers: { cookie: 'vv_session=forged' } })).status,
    ).toBe(401);
  });

  it("lets a leader change an action's owner, due date and status, refusing cross-site posts and bad dates", async () => {
    const { board, url, as } = await serve();
    const headers = { ...(await as(board.schoolLeaderA.id)), 'content-type': 'application/x-www-form-urlencoded' };
    const [action] = (await t.store.actions.listByTeam(board.organisationId, board.groep7.id)).filter(
      (a) => a.title === 'Ouderavond plannen',
    );
    if (!action) throw new Error('seed has no action');
    const post = (body: string, extra: Record<string, string> = {}) =>
      fetch(`${url}/dashboard/actions/${action.id}`, {
        method: 'POST',
        headers: { ...headers, ...extra },
        body,
        redirect: 'manual',
      });

    const crossSite = await post(`owner=${board.names['Dirk Dekker']?.id}&due=2026-12-01&status=in_progress`, {
      origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    const badDate = await post('owner=&due=2026-02-31&status=done');
    expect(badDate.headers.get('location')).toBe(`/dashboard/teams/${board.groep7.id}?error=input.invalid`);
    expect(await t.store.actions.get(board.organisationId, action.id)).toMatchObject({
      status: 'open',
      dueOn: '2026-11-10',
      ownerPersonId: null,
    });

    const saved = await post(`owner=${board.names['Dirk Dekker']?.id}&due=2026-12-01&status=in_progress`);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/dashboard/teams/${board.groep7.id}?notice=saved`);
    expect(await t.store.actions.get(board.organisationId, action.id)).toMatchObject({
      status: 'in_progress',
      dueOn: '2026-12-01',
      ownerPersonId: board.names['Dirk Dekker']?.id,
    });
  });

  it("refuses a team coordinator's upload that redefines a board-wide metric, line by line, and keeps the metric", async () => {
    const { board, url, as } = await serve();
    const teamCoordinator = board.names['Anna Aalders'];
    if (!teamCoordinator) throw new Error('seed changed');
    await t.store.people.grantRole({
      organisationId: board.organisationId,
      personId: teamCoordinator.id,
      role: 'coordinator',
      scope: { kind: 'team', teamId: board.groep7.id },
    });
    const before = await t.store.metrics.get(board.organisationId, 'eindtoets_1f_lezen');
    const upload = async (csv: string) => {
      const body = new FormData();
      body.append('file', new Blob([csv], { type: 'text/csv' }), 'cijfers.csv');
      return fetch(`${url}/dashboard/outcomes/import`, { method: 'POST', headers: await as(teamCoordinator.id), body });
    };
    const header = 'metric,school,team,period,value,target,group_size,name,unit,direction,metric_target,triggers_round';
    const refused = await upload(`${header}\neindtoets_1f_lezen,De Linde,Groep 7,2026-2027,80,,,,,lower,0,ja\n`);
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('Regel 2 (direction)');
    expect(page).toContain('alleen een coördinator van de hele organisatie mag dat veranderen');
    expect(page).toContain('Regel 2 (metric_target)');
    expect(page).toContain('Regel 2 (triggers_round)');
    expect(await t.store.metrics.get(board.organisationId, 'eindtoets_1f_lezen')).toEqual(before);
    expect(
      (await t.store.snapshots.list(board.organisationId, { metricKey: 'eindtoets_1f_lezen' })).some(
        (s) => s.period === '2026-2027',
      ),
    ).toBe(false);
    // Their own team's figure alone is fine.
    expect((await upload(`${header}\neindtoets_1f_lezen,De Linde,Groep 7,2026-2027,80,,,,,,,\n`)).status).toBe(200);
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
    // Change the signature's first character to another one (never to itself).
    expect((await fetch(signed.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'X' ? 'Y' : 'X'}`))).status).toBe(
      404,
    );
    expect((await fetch(signed.replace(board.schoolLeaderA.id, board.boardLeader.id))).status).toBe(404);
  });

  it("shows the schedules page with the digest moment and leaders' own subscriptions", async () => {
    const { board, url, as } = await serve();
    const [channel] = await t.store.bindings.listByTeam(board.organisationId, board.groep7.id);
    await t.store.digests.upsertSubscription({
      id: 'sub-1',
      organisationId: board.organisationId,
      personId: board.schoolLeaderA.id,
      bindingId: channel?.id ?? null,
      weekday: 2,
      hour: 8,
      minute: 0,
      createdAt: new Date('2026-11-01T08:00:00Z'),
    });
    const page = await (await fetch(`${url}/dashboard/schedules`, { headers: await as(board.boardLeader.id) })).text();
    expect(page).toContain('Elke maandag om 07:30');
    expect(page).toMatch(/Sanne Smit<\/td>\s*<td>#Groep 7<\/td>\s*<td>dinsdag 08:00/);
    const teacherPage = await (
      await fetch(`${url}/dashboard/schedules`, { headers: await as(board.teacher.id) })
    ).text();
    expect(teacherPage).not.toContain('Sanne Smit');
  });
});
