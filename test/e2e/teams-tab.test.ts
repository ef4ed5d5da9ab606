import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { horizontalOverflow, seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startFakeIdentity, type FakeIdentity } from '../support/fake-identity.js';
import { ILSE, TENANT, botAdded } from '../support/teams-activities.js';
import { APP_ID, startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

const AUDIENCE = `api://vijfvragen.example/${APP_ID}`;

/**
 * A stand-in for the Teams web client: a page on https://teams.microsoft.com (served by the
 * test through Playwright routing, so teams-js sees an origin it trusts) that frames the tab and
 * answers teams-js's postMessage calls: initialize, getContext and getAuthToken.
 */
function hostPage(ssoToken: string): string {
  const runtime = JSON.stringify({
    apiVersion: 4,
    isLegacyTeams: false,
    supports: {
      appInstallDialog: {},
      authentication: {},
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
      teamsCore: {},
    },
  });
  const context = {
    locale: 'nl-nl',
    frameContext: 'content',
    hostClientType: 'web',
    userObjectId: ILSE.aadObjectId,
    tid: TENANT,
    loginHint: 'ilse@linde.example',
    groupId: 'group-linde',
    teamName: 'Stichting De Linde',
    appSessionId: 'session-1',
    theme: 'default',
  };
  return `<!doctype html><html><body>
<iframe id="tab" src="https://vijfvragen.example/teams/tab?scope=team" style="width:800px;height:600px"></iframe>
<script>
window.hostCalls = [];
window.addEventListener('message', function (event) {
  var message = event.data;
  if (!message || typeof message.func !== 'string') return;
  window.hostCalls.push(message.func);
  var args = null;
  if (message.func === 'initialize') args = ['content', 'web', ${JSON.stringify(runtime)}, '2.58.0'];
  if (message.func === 'getContext') args = [${JSON.stringify(context)}];
  if (message.func === 'authentication.getAuthToken') args = [true, ${JSON.stringify(ssoToken)}];
  if (args) event.source.postMessage({ id: message.id, uuid: message.uuid, uuidAsString: message.uuidAsString, args: args }, event.origin);
});
</script></body></html>`;
}

describe('the Teams tab in Chromium', () => {
  let app: TeamsTestApp;
  let entra: FakeIdentity;
  let browser: Browser;
  beforeAll(async () => {
    entra = await startFakeIdentity();
    app = await startTeamsTestApp({ env: { TEAMS_SSO_JWKS_URL: entra.jwksUrl, TEAMS_SSO_AUDIENCE: AUDIENCE } });
    expect((await app.send(botAdded(app.connector.url, ILSE))).status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await entra?.close();
  });

  it('notices at once that it is outside Teams and offers the web sign-in', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/teams/tab`);
    // No host handshake is awaited: the state is set by the first script run, not after a timeout.
    await page.waitForSelector('body[data-state=outside]', { timeout: 10_000 });
    expect(await page.locator('#tab-status').innerText()).toContain('bedoeld voor Microsoft Teams');
    const link = page.getByRole('link', { name: 'Open het dashboard' });
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute('href')).toBe('/dashboard');
    // teams-js itself loaded from our server (no CDN), and nothing threw.
    expect(await page.evaluate(() => typeof (window as unknown as { microsoftTeams?: unknown }).microsoftTeams)).toBe(
      'object',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 360 px phone and has no serious or critical WCAG 2.1 AA violation', async () => {
    // bypassCSP lets the test inject axe-core; the tab's own policy allows no inline script.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/teams/tab`);
    await page.waitForSelector('body[data-state=outside]', { timeout: 10_000 });
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('inside a Teams host, signs in with the SSO token and opens the dashboard', async () => {
    const token = await entra.sign({
      tid: TENANT,
      oid: ILSE.aadObjectId,
      aud: AUDIENCE,
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    });
    const context = await browser.newContext();
    await context.route('https://teams.microsoft.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: hostPage(token) }),
    );
    // The tab's https origin is our local server, reached through the router.
    await context.route('https://vijfvragen.example/**', async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/dashboard')
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><p id="dashboard">dashboard</p>' });
      return route.fulfill({ response: await route.fetch({ url: `${app.url}${url.pathname}${url.search}` }) });
    });
    const sessions: number[] = [];
    context.on('response', (response) => {
      if (response.url().endsWith('/teams/tab/session')) sessions.push(response.status());
    });
    const page = await context.newPage();
    await page.goto('https://teams.microsoft.com/_#/apps/vijfvragen');
    const frame = page.frameLocator('#tab');
    await frame.locator('#dashboard').waitFor({ timeout: 30_000 });
    expect(sessions).toEqual([200]);
    const calls = await page.evaluate(() => (window as unknown as { hostCalls: string[] }).hostCalls);
    expect(calls).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']));
    const cookies = await context.cookies('https://vijfvragen.example');
    expect(cookies.find((c) => c.name === 'vv_session')).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'None',
    });
    await context.close();
  });
});
