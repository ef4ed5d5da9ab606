import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebToken } from '../../src/bot/web/session.js';
import { CHANNEL, ILSE, TENANT, botAdded, mentionInChannel } from '../support/teams-activities.js';
import { startFakeIdentity, type FakeIdentity } from '../support/fake-identity.js';
import { APP_ID, startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

const AUDIENCE = `api://vijfvragen.example/${APP_ID}`;
const issuer = (tenant: string) => `https://login.microsoftonline.com/${tenant}/v2.0`;

describe('Teams tab: page, assets and SSO sign-in', () => {
  let app: TeamsTestApp;
  let entra: FakeIdentity;
  beforeAll(async () => {
    entra = await startFakeIdentity();
    app = await startTeamsTestApp({
      env: {
        TEAMS_SSO_JWKS_URL: entra.jwksUrl,
        TEAMS_SSO_AUDIENCE: AUDIENCE,
        TEAMS_SSO_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      },
    });
    expect((await app.send(botAdded(app.connector.url, ILSE))).status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await entra?.close();
  });

  const exchange = (token: string, channelId: string | null = null) =>
    fetch(`${app.url}/teams/tab/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, channelId }),
    });
  const claims = { tid: TENANT, oid: ILSE.aadObjectId, aud: AUDIENCE, iss: issuer(TENANT), name: 'Ilse' };

  it('serves the tab page with teams-js from our own server, framable only by Teams', async () => {
    const page = await fetch(`${app.url}/teams/tab?scope=team`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(page.headers.get('content-security-policy')).toContain('https://teams.microsoft.com');
    const html = await page.text();
    expect(html).toContain('src="/teams/tab/assets/teams-js.min.js"');
    expect(html).toContain('data-scope="team"');
    const script = await fetch(`${app.url}/teams/tab/assets/teams-js.min.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('microsoftTeams');
    expect((await fetch(`${app.url}/teams/tab/assets/tab.js`)).status).toBe(200);
    expect((await fetch(`${app.url}/teams/tab/config`)).status).toBe(200);
  });

  it('turns a valid SSO token into the web session cookie of the person it names', async () => {
    const res = await exchange(await entra.sign(claims));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ redirect: '/dashboard' });
    const cookie = res.headers.get('set-cookie') ?? '';
    // Inside Teams the tab is a cross-site frame: the cookie must be allowed there.
    expect(cookie).toMatch(/SameSite=None/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    const token = decodeURIComponent(/vv_session=([^;]+)/.exec(cookie)?.[1] ?? '');
    const session = await verifyWebToken(app.config.tokenSecret, token, 'session');
    const ilse = await app.store.people.findByIdentity('teams', TENANT, ILSE.id);
    expect(session).toEqual({ organisationId: ilse?.organisationId, personId: ilse?.id });
  });

  it('opens the team page when the tab sits in a bound channel', async () => {
    await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'));
    const binding = await app.store.bindings.findByChannel('teams', TENANT, CHANNEL);
    const res = await exchange(await entra.sign(claims), CHANNEL);
    expect(await res.json()).toEqual({ redirect: `/dashboard/teams/${binding?.teamId}` });
    expect(await (await exchange(await entra.sign(claims), '19:unbound@thread.tacv2')).json()).toEqual({
      redirect: '/dashboard',
    });
  });

  it('refuses a wrong audience, a wrong issuer, an expired token and a foreign key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      await entra.sign({ ...claims, aud: 'api://other.example/other' }),
      await entra.sign({ ...claims, iss: 'https://evil.example/v2.0' }),
      await entra.sign({ ...claims, iss: issuer('another-tenant') }),
      await entra.sign({ ...claims, exp: now - 600, nbf: now - 7200, iat: now - 7200 }),
      await entra.sign(claims, { foreign: true }),
      'not.a.token',
    ];
    for (const token of refused) {
      const res = await exchange(token);
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(
      (
        await fetch(`${app.url}/teams/tab/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(400);
  });

  it('refuses a valid token for someone the bot does not know', async () => {
    const res = await exchange(await entra.sign({ ...claims, oid: 'aad-nobody' }));
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    const otherTenant = await exchange(
      await entra.sign({ ...claims, tid: 'other-tenant', iss: issuer('other-tenant') }),
    );
    expect(otherTenant.status).toBe(403);
  });
});
