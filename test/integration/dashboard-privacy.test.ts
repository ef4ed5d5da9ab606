import express from 'express';
import type { Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { signWebToken } from '../../src/bot/web/session.js';
import type { PersonExport } from '../../src/dialogues/privacy/index.js';
import { forEachStore } from '../support/db.js';
import { MO, privacyScenario, type PrivacyScenario } from '../support/privacy-scenario.js';

const SECRET = 'test-secret-test-secret-test-secret!';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

forEachStore('dashboard: privacy page', (t) => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  /** The privacy scenario behind the dashboard; `as` signs a person of organisation A in. */
  async function serve(): Promise<{
    s: PrivacyScenario;
    url: string;
    as: (personId: string) => Promise<Record<string, string>>;
  }> {
    const s = await privacyScenario(t.store);
    const config = {
      publicUrl: 'http://placeholder',
      tokenSecret: SECRET,
      minGroupSize: 3,
      digestAt: { weekday: 1, hour: 7, minute: 30 },
    };
    const digest = createDigestService(s.a.deps, config, chartPng);
    const app = express().use(
      createDashboardRoutes({
        deps: s.a.deps,
        digest,
        tokenSecret: SECRET,
        digestAt: config.digestAt,
        localPicker: false,
      }),
    );
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const as = async (personId: string) => ({
      cookie: `vv_session=${await signWebToken(SECRET, { organisationId: s.a.organisationId, personId }, 'session', 600)}`,
    });
    return { s, url, as };
  }

  const audited = async (s: PrivacyScenario, action: string) =>
    (await t.store.audit.list(s.a.organisationId, 1000)).filter((a) => a.action === action);

  it('shows coordinators the Privacy link and page, finding people with their accounts', async () => {
    const { s, url, as } = await serve();
    const coby = await as(s.coby.id);
    expect(await (await fetch(`${url}/dashboard`, { headers: coby })).text()).toContain('href="/dashboard/privacy"');
    expect(await (await fetch(`${url}/dashboard`, { headers: await as(s.noor.id) })).text()).not.toContain(
      '/dashboard/privacy',
    );

    const page = await fetch(`${url}/dashboard/privacy`, { headers: coby });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Geen bewaartermijn ingesteld');
    expect(text).toContain(`data-person="${s.mo.id}"`);
    expect(text).toContain('slack: U0MO (T0LINDE)');
    expect(text).not.toContain(s.moElsewhere.id);

    const found = await (
      await fetch(`${url}/dashboard/privacy?q=${encodeURIComponent('coordinator')}`, { headers: coby })
    ).text();
    expect(found).toContain(`data-person="${s.coby.id}"`);
    expect(found).not.toContain(`data-person="${s.mo.id}"`);
  });

  it("downloads one person's export as an uncached attachment, audited with the coordinator as actor", async () => {
    const { s, url, as } = await serve();
    const response = await fetch(`${url}/dashboard/privacy/people/${s.mo.id}/export`, {
      method: 'POST',
      headers: await as(s.coby.id),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="vijfvragen-person-${s.mo.id}.json"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as PersonExport;
    expect(body).toMatchObject({ format: 'vijfvragen.person-export/1', person: { id: s.mo.id, displayName: MO.name } });
    expect(body.replies.map((r) => [r.text, r.anonymous]).sort()).toEqual(
      [
        [MO.named, false],
        [MO.action, false],
        [MO.remark, false],
        [MO.anonymous, true],
      ].sort(),
    );
    expect(body.identities).toEqual([expect.objectContaining({ platform: 'slack', userId: 'U0MO' })]);
    expect(await audited(s, 'person.exported')).toEqual([
      expect.objectContaining({ actorPersonId: s.coby.id, subject: `person:${s.mo.id}` }),
    ]);
  });

  it('erases only after the name is typed, shows the counts and audits the coordinator', async () => {
    const { s, url, as } = await serve();
    const coby = await as(s.coby.id);
    const target = `${url}/dashboard/privacy/people/${s.mo.id}/erase`;
    const confirm = await fetch(target, { headers: coby });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(`Typ ter bevestiging de naam: ${MO.name}`);

    for (const body of ['', 'confirm=', 'confirm=Noor+Bakker', 'confirm=on']) {
      const refused = await fetch(target, { method: 'POST', headers: { ...coby, ...FORM }, body });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('er is niets gewist');
    }
    expect(await t.store.people.get(s.a.organisationId, s.mo.id)).not.toBeNull();
    expect(await audited(s, 'person.erased')).toEqual([]);

    const erased = await fetch(target, {
      method: 'POST',
      headers: { ...coby, ...FORM },
      body: `confirm=${encodeURIComponent(`  ${MO.name.toLowerCase()} `)}`,
    });
    expect(erased.status).toBe(200);
    const page = await erased.text();
    expect(page).toContain(`${MO.name} is gewist.`);
    expect(page).toMatch(/data-count="replies"><td>Antwoorden gewist<\/td><td>4</);
    expect(page).toMatch(/data-count="identities"><td>Accounts gewist<\/td><td>1</);
    expect(await t.store.people.get(s.a.organisationId, s.mo.id)).toBeNull();
    expect(await t.store.people.findByIdentity('slack', 'T0LINDE', 'U0MO')).toBeNull();
    expect(await audited(s, 'person.erased')).toEqual([
      expect.objectContaining({
        actorPersonId: s.coby.id,
        subject: `person:${s.mo.id}`,
        details: expect.objectContaining({ replies: 4, identities: 1 }),
      }),
    ]);
    // Gone means gone: a second erasure or an export finds nobody.
    expect(
      (
        await fetch(target, {
          method: 'POST',
          headers: { ...coby, ...FORM },
          body: `confirm=${encodeURIComponent(MO.name)}`,
        })
      ).status,
    ).toBe(404);
    expect(
      (await fetch(`${url}/dashboard/privacy/people/${s.mo.id}/export`, { method: 'POST', headers: coby })).status,
    ).toBe(404);
  });

  it('answers 404 for a person of another organisation, even one with the same name', async () => {
    const { s, url, as } = await serve();
    const coby = await as(s.coby.id);
    const other = `${url}/dashboard/privacy/people/${s.moElsewhere.id}`;
    expect((await fetch(`${other}/erase`, { headers: coby })).status).toBe(404);
    expect(
      (
        await fetch(`${other}/erase`, {
          method: 'POST',
          headers: { ...coby, ...FORM },
          body: `confirm=${encodeURIComponent(MO.name)}`,
        })
      ).status,
    ).toBe(404);
    expect((await fetch(`${other}/export`, { method: 'POST', headers: coby })).status).toBe(404);
    expect(await t.store.people.get(s.b.organisationId, s.moElsewhere.id)).not.toBeNull();
    expect(await t.store.people.get(s.a.organisationId, s.mo.id)).not.toBeNull();
    expect(await audited(s, 'person.exported')).toEqual([]);
  });

  it('refuses members and school coordinators with 403, changing nothing', async () => {
    const { s, url, as } = await serve();
    const schoolCoordinator = await s.a.person('Sam School', 'coordinator', { kind: 'school', schoolId: s.a.schoolId });
    for (const who of [s.noor, schoolCoordinator]) {
      const headers = await as(who.id);
      expect((await fetch(`${url}/dashboard/privacy`, { headers })).status).toBe(403);
      expect((await fetch(`${url}/dashboard/privacy/people/${s.mo.id}/erase`, { headers })).status).toBe(403);
      expect(
        (await fetch(`${url}/dashboard/privacy/people/${s.mo.id}/export`, { method: 'POST', headers })).status,
      ).toBe(403);
      expect(
        (
          await fetch(`${url}/dashboard/privacy/people/${s.mo.id}/erase`, {
            method: 'POST',
            headers: { ...headers, ...FORM },
            body: `confirm=${encodeURIComponent(MO.name)}`,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await fetch(`${url}/dashboard/privacy/retention`, {
            method: 'POST',
            headers: { ...headers, ...FORM },
            body: 'days=30',
          })
        ).status,
      ).toBe(403);
    }
    expect(await t.store.people.get(s.a.organisationId, s.mo.id)).not.toBeNull();
    expect((await t.store.organisations.get(s.a.organisationId))?.retentionDays).toBeNull();
    expect([
      ...(await audited(s, 'person.exported')),
      ...(await audited(s, 'person.erased')),
      ...(await audited(s, 'retention.set')),
    ]).toEqual([]);
    expect((await fetch(`${url}/dashboard/privacy`)).status).toBe(401);
  });

  it('refuses forged cross-site posts to erase, export or set retention', async () => {
    const { s, url, as } = await serve();
    const coby = { ...(await as(s.coby.id)), ...FORM };
    const forgeries: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const forged of forgeries) {
      const erase = await fetch(`${url}/dashboard/privacy/people/${s.mo.id}/erase`, {
        method: 'POST',
        headers: { ...coby, ...forged },
        body: `confirm=${encodeURIComponent(MO.name)}`,
      });
      expect(erase.status).toBe(403);
      expect(
        (
          await fetch(`${url}/dashboard/privacy/people/${s.mo.id}/export`, {
            method: 'POST',
            headers: { ...coby, ...forged },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await fetch(`${url}/dashboard/privacy/retention`, {
            method: 'POST',
            headers: { ...coby, ...forged },
            body: 'days=30',
          })
        ).status,
      ).toBe(403);
    }
    expect(await t.store.people.get(s.a.organisationId, s.mo.id)).not.toBeNull();
    expect((await t.store.organisations.get(s.a.organisationId))?.retentionDays).toBeNull();
    expect([...(await audited(s, 'person.exported')), ...(await audited(s, 'person.erased'))]).toEqual([]);
  });

  it("sets and clears the retention period within the CLI's bounds, refusing anything else", async () => {
    const { s, url, as } = await serve();
    const coby = { ...(await as(s.coby.id)), ...FORM };
    const set = (body: string) =>
      fetch(`${url}/dashboard/privacy/retention`, { method: 'POST', headers: coby, body, redirect: 'manual' });
    const retention = async () => (await t.store.organisations.get(s.a.organisationId))?.retentionDays;

    const saved = await set('days=30');
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/dashboard/privacy?notice=retention');
    expect(await retention()).toBe(30);
    const page = await (await fetch(`${url}/dashboard/privacy?notice=retention`, { headers: coby })).text();
    expect(page).toContain('Bewaartermijn opgeslagen.');
    expect(page).toContain('ouder dan 30 dagen');

    for (const bad of ['days=0', 'days=3651', 'days=soon', 'days=2.5', 'days=', '']) {
      const refused = await set(bad);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('van 1 tot en met 3650. Er is niets gewijzigd.');
    }
    expect(await retention()).toBe(30);
    expect((await set('days=3650')).status).toBe(303);
    expect(await retention()).toBe(3650);
    expect((await set('days=off')).status).toBe(303);
    expect(await retention()).toBeNull();
    expect((await audited(s, 'retention.set')).map((a) => [a.actorPersonId, a.details])).toEqual(
      expect.arrayContaining([
        [s.coby.id, { from: null, to: 30 }],
        [s.coby.id, { from: 30, to: 3650 }],
        [s.coby.id, { from: 3650, to: null }],
      ]),
    );
    expect(await audited(s, 'retention.set')).toHaveLength(3);
  });
});
