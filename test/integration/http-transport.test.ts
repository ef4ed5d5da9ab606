import { expect, it } from 'vitest';
import { signWebToken } from '../../src/bot/web/session.js';
import type { Running } from '../../src/main.js';
import { RATE_LIMITS } from '../../src/rate-limits.js';
import { BOT_TEST_TIMEOUT, forEachDatabase, rawRequest } from '../support/running-bot.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SLACK = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  TOKEN_SECRET: 'test-token-secret-test-token-secret-0000',
  SEED_DEMO: 'true',
};

const port = (running: Running) => new URL(running.url).port;
async function demoPerson(running: Running, name: string) {
  const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
  const person = (await running.app.store.people.list(organisationId)).find((p) => p.displayName.startsWith(name));
  if (!person) throw new Error(`no ${name} in the demo board`);
  return { organisationId, personId: person.id };
}
const signIn = (
  running: Running,
  who: { organisationId: string; personId: string },
  headers: Record<string, string> = {},
) =>
  rawRequest(running.url, {
    method: 'POST',
    path: '/web/signin',
    headers: { ...FORM, ...headers },
    body: new URLSearchParams(who).toString(),
  });

forEachDatabase('HTTP transport', (t) => {
  it(
    'answers only to its own host names: a rebinding host gets 421 and neither the people list nor a session',
    async () => {
      const running = await t.start();
      const anouk = await demoPerson(running, 'Anouk');
      const rebound = { host: `rebind.attacker.example:${port(running)}` };

      const picker = await rawRequest(running.url, { path: '/', headers: rebound });
      expect(picker.status).toBe(421);
      expect(picker.body).toContain('Deze server antwoordt niet onder deze naam');
      expect(picker.body).not.toContain('Anouk');
      const session = await signIn(running, anouk, rebound);
      expect(session.status).toBe(421);
      expect(session.headers['set-cookie']).toBeUndefined();
      for (const host of [
        'rebind.attacker.example',
        `127.0.0.1:${Number(port(running)) + 1}`,
        `127.0.0.1.attacker.example:${port(running)}`,
        `user@127.0.0.1:${port(running)}`,
        '',
      ]) {
        expect((await rawRequest(running.url, { path: '/web', headers: { host } })).status, host).toBe(421);
      }

      for (const host of [`127.0.0.1:${port(running)}`, `localhost:${port(running)}`, `LOCALHOST:${port(running)}`]) {
        const page = await rawRequest(running.url, { path: '/', headers: { host } });
        expect(page.status, host).toBe(200);
        expect(page.body).toContain('Anouk');
      }
      // Probes answer a load balancer that asks by any name, and reveal no more than up or down.
      const health = await rawRequest(running.url, { path: '/healthz', headers: rebound });
      expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
      const ready = await rawRequest(running.url, { path: '/readyz', headers: rebound });
      expect([ready.status, JSON.parse(ready.body)]).toEqual([
        200,
        { status: 'ready', database: running.app.database.kind },
      ]);
    },
    BOT_TEST_TIMEOUT,
  );

  it(
    'with Slack configured, accepts the host of PUBLIC_URL and refuses every other name',
    async () => {
      const running = await t.start({ ...SLACK, PUBLIC_URL: 'https://vijfvragen.example' });
      expect(
        (await rawRequest(running.url, { path: '/dashboard', headers: { host: 'vijfvragen.example' } })).status,
      ).toBe(401);
      expect(
        (await rawRequest(running.url, { path: '/dashboard', headers: { host: 'vijfvragen.example:443' } })).status,
      ).toBe(401);
      expect((await rawRequest(running.url, { path: '/dashboard', headers: { host: 'evil.example' } })).status).toBe(
        421,
      );
      expect(
        (
          await rawRequest(running.url, {
            method: 'POST',
            path: '/slack/events',
            headers: { host: 'evil.example', 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
      ).toBe(421);
    },
    BOT_TEST_TIMEOUT,
  );

  it(
    'sends a strict content security policy, nosniff, a referrer policy and no framing on every page',
    async () => {
      const running = await t.start();
      for (const path of ['/', '/web', '/dashboard', '/nothing-here', '/web/assets/web.css']) {
        const page = await rawRequest(running.url, { path });
        expect(page.headers['content-security-policy'], path).toBe(
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        );
        expect(page.headers['x-content-type-options'], path).toBe('nosniff');
        expect(page.headers['referrer-policy'], path).toBe('same-origin');
        expect(page.headers['x-frame-options'], path).toBe('DENY');
      }
    },
    BOT_TEST_TIMEOUT,
  );

  it(
    'lets only Microsoft 365 hosts frame the Teams tab and the dashboard it opens, nothing else',
    async () => {
      const running = await t.start({ TEAMS_LOCAL_NO_AUTH: 'true' });
      for (const path of ['/teams/tab', '/teams/tab/config', '/dashboard']) {
        const page = await rawRequest(running.url, { path });
        const policy = String(page.headers['content-security-policy']);
        const ancestors = /frame-ancestors ([^;]+)/.exec(policy)?.[1]?.split(' ');
        expect(ancestors, path).toEqual(
          expect.arrayContaining([
            'https://teams.microsoft.com',
            'https://*.teams.microsoft.com',
            'https://*.cloud.microsoft',
            'https://*.office.com',
            'https://*.microsoft365.com',
            'https://outlook.office365.com',
          ]),
        );
        expect(ancestors, path).not.toContain("'self'");
        expect(policy).toContain("script-src 'self'");
        expect(page.headers['x-frame-options'], path).toBeUndefined();
      }
      expect(String((await rawRequest(running.url, { path: '/web' })).headers['content-security-policy'])).toContain(
        "frame-ancestors 'none'",
      );
    },
    BOT_TEST_TIMEOUT,
  );

  it(
    'refuses a malformed, null or look-alike Origin on a post with 403, and takes our own',
    async () => {
      const running = await t.start();
      const anouk = await demoPerson(running, 'Anouk');
      for (const origin of [
        'not a url',
        `http://127.0.0.1:${port(running)}.evil.example`,
        'null',
        `http://127.0.0.1:${port(running)}@evil.example`,
        'https://evil.example',
        `javascript://127.0.0.1:${port(running)}`,
      ]) {
        const refused = await signIn(running, anouk, { origin });
        expect(refused.status, origin).toBe(403);
        expect(refused.headers['set-cookie'], origin).toBeUndefined();
        expect(
          (
            await rawRequest(running.url, {
              method: 'POST',
              path: '/dashboard/actions/x',
              headers: { ...FORM, origin },
              body: 'status=done',
            })
          ).status,
          origin,
        ).toBe(403);
      }
      expect((await signIn(running, anouk, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
      const own = await signIn(running, anouk, {
        origin: `http://127.0.0.1:${port(running)}`,
        'sec-fetch-site': 'same-origin',
      });
      expect(own.status).toBe(303);
      expect(own.headers['set-cookie']?.[0]).toMatch(/^vv_session=.*HttpOnly; SameSite=Strict$/);
    },
    BOT_TEST_TIMEOUT,
  );

  it(
    'honours a sign-in link once; a second use gets a page asking for a new link',
    async () => {
      const running = await t.start({ PUBLIC_URL: 'https://vijfvragen.example' });
      const lotte = await demoPerson(running, 'Lotte');
      const token = await signWebToken(running.app.config.tokenSecret, lotte, 'link', 300);
      const use = () =>
        rawRequest(running.url, {
          path: `/auth/link?token=${encodeURIComponent(token)}`,
          headers: { host: 'vijfvragen.example' },
        });
      const uses = await Promise.all([use(), use(), use()]);
      expect(uses.map((u) => u.status).sort()).toEqual([303, 410, 410]);
      const first = uses.find((u) => u.status === 303);
      // PUBLIC_URL is https: the session cookie is Secure.
      expect(first?.headers['set-cookie']?.[0]).toMatch(
        /^vv_session=[^;]+; Max-Age=28800; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/,
      );
      const again = await use();
      expect(again.status).toBe(410);
      expect(again.headers['set-cookie']).toBeUndefined();
      expect(again.body).toContain('Deze inloglink is al gebruikt');
      expect(again.body).toContain('Ask the bot for a new one');

      expect(
        (
          await rawRequest(running.url, {
            path: '/auth/link?token=not-a-token',
            headers: { host: 'vijfvragen.example' },
          })
        ).status,
      ).toBe(401);
    },
    BOT_TEST_TIMEOUT,
  );

  it(
    'limits sign-in attempts per client address: a script gets 429 with a clear text',
    async () => {
      const running = await t.start();
      const attempt = () =>
        rawRequest(running.url, {
          method: 'POST',
          path: '/web/signin',
          headers: FORM,
          body: 'organisationId=x&personId=y',
        });
      const statuses: number[] = [];
      for (let i = 0; i <= RATE_LIMITS.signIn; i += 1) statuses.push((await attempt()).status);
      const first = statuses.indexOf(429);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
      const refused = await attempt();
      expect(refused.status).toBe(429);
      expect(refused.body).toContain('Te veel verzoeken vanaf dit adres');
      expect(String(refused.headers['ratelimit-policy'])).toContain(`q=${RATE_LIMITS.signIn}`);
      // Other pages are not counted against it.
      expect((await rawRequest(running.url, { path: '/healthz' })).status).toBe(200);
    },
    BOT_TEST_TIMEOUT,
  );
});
