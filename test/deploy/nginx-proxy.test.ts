import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, freePort } from '../../bench/bench-support.js';
import { openDatabase } from '../../src/store/database.js';
import { startFakeSlackApi } from '../support/fake-slack-api.js';
import { commandBody, eventBody, fixture, sign } from '../support/slack-requests.js';
import { WORKSPACE } from '../support/slack-test-app.js';
import { ADMIN, ANOUK, CHANNEL } from '../support/slack-scenario.js';
import { REPO, startCommand, type Started } from './deploy-support.js';
import { startNginx, TEST_HOST, type NginxProxy } from './nginx-proxy.js';

const SIGNING_SECRET = randomBytes(16).toString('hex');

/**
 * deploy/nginx/vijfvragen.conf in front of the real bot (`node bin/vijfvragen.js start`, its own
 * process), real requests over TLS through it: what a school's server does, on test ports.
 */
for (const database of ['postgres', 'pglite'] as const) {
  describe(`nginx site in front of the bot (${database})`, () => {
    let slack: Awaited<ReturnType<typeof startFakeSlackApi>>;
    let proxy: NginxProxy;
    let bot: Started;
    const dbName = `vv_nginx_${randomBytes(4).toString('hex')}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'vv-nginx-data-'));
    let databaseUrl: string | undefined;

    beforeAll(async () => {
      slack = await startFakeSlackApi();
      slack.addWorkspace(WORKSPACE);
      slack.addUser(WORKSPACE.teamId, { id: ADMIN, name: 'Ilse (IB)', is_admin: true, locale: 'nl-NL' });
      slack.addUser(WORKSPACE.teamId, { id: ANOUK, name: 'Anouk', locale: 'nl-NL' });
      slack.setMembers(CHANNEL, [ADMIN, ANOUK, WORKSPACE.botUserId]);
      databaseUrl = database === 'postgres' ? await createDatabase(dbName) : undefined;
      const port = await freePort();
      proxy = await startNginx([`127.0.0.1:${port}`]);
      bot = await startCommand([process.execPath, 'bin/vijfvragen.js', 'start'], {
        HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: proxy.publicUrl, TRUST_PROXY: 'loopback',
        SLACK_BOT_TOKEN: WORKSPACE.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.url,
        TOKEN_SECRET: randomBytes(24).toString('base64'), LOG_LEVEL: 'warn', DELIVERY_POLL_MS: '100',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
      }, `http://127.0.0.1:${port}/readyz`, { cwd: REPO });
    }, 240_000);

    afterAll(async () => {
      await bot?.stop();
      await proxy?.stop();
      await slack?.close();
      if (databaseUrl) await dropDatabase(dbName);
      rmSync(dataDir, { recursive: true, force: true });
    });

    const slackPost = (body: string, contentType: string, secret = SIGNING_SECRET) => {
      const timestamp = Math.floor(Date.now() / 1000);
      return proxy.request('/slack/events', {
        method: 'POST', body,
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(secret, timestamp, body) },
      });
    };
    const command = (text: string) => slackPost(commandBody(fixture<Record<string, string>>('command-vijfvragen', {
      team: WORKSPACE.teamId, channel: CHANNEL, channel_name: 'groep-7', user: ADMIN, user_name: 'ilse', text,
      response_url: `${slack.origin}/respond/1`, trigger_id: 'trigger-1',
    })), 'application/x-www-form-urlencoded');

    let replyText = '';

    it('passes signed Slack commands and a thread reply through TLS', async () => {
      expect((await command('koppel Groep 7')).status).toBe(200);
      expect((await command('ronde begrijpend lezen')).status).toBe(200);
      let prompt = slack.posts(CHANNEL).find((m) => m.metadata?.event_type === 'vijfvragen_delivery' && !m.thread_ts);
      for (let i = 0; !prompt && i < 600; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        prompt = slack.posts(CHANNEL).find((m) => m.metadata?.event_type === 'vijfvragen_delivery' && !m.thread_ts);
      }
      expect(prompt, 'the round prompt reached Slack').toBeDefined();
      const text = `Via nginx: we lezen elke ochtend ${randomBytes(3).toString('hex')}`;
      const reply = fixture('event-message-thread', { team: WORKSPACE.teamId, bot_user: WORKSPACE.botUserId, channel: CHANNEL, user: ANOUK, text, ts: '1760009999.000100', thread_ts: prompt?.ts ?? '', event_id: 'EvNGINX0001' });
      const acknowledged = await slackPost(eventBody(reply), 'application/json');
      expect(acknowledged.status).toBe(200);
      // A forged signature is refused by the bot behind the proxy.
      expect((await slackPost(eventBody(reply), 'application/json', 'not-the-secret')).status).toBe(401);
      replyText = text;
    }, 180_000);

    it('refuses a body over the limit at the proxy, and hides /metrics, the web channel and everything unlisted', async () => {
      expect((await slackPost('x'.repeat(2_000_000), 'application/json')).status).toBe(413);
      for (const path of ['/metrics', '/web', '/web/channels/x', '/.env', '/api/other']) {
        expect((await proxy.request(path)).status, path).toBe(404);
      }
      expect((await proxy.request('/healthz')).status).toBe(200);
      expect(JSON.parse((await proxy.request('/readyz')).text)).toMatchObject({ status: 'ready', database });
    });

    it('redirects plain HTTP to HTTPS and drops requests for other host names', async () => {
      const plain = await proxy.plainRequest('/dashboard');
      expect(plain.status).toBe(301);
      expect(plain.headers.location).toBe(`https://${TEST_HOST}/dashboard`);
      await expect(proxy.request('/healthz', { host: 'other.example' })).rejects.toThrow();
    });

    it('serves the dashboard through the proxy from a sign-in link the bot hands out', async () => {
      const answer = await command('dashboard');
      // The longest one: the message also shows the link shortened with an ellipsis.
      const link = (answer.text.match(/https:\/\/[^\s"<>|]+\/auth\/link\?token=[\w.-]+/g) ?? []).sort((a, b) => b.length - a.length)[0];
      expect(link, answer.text).toBeDefined();
      const url = new URL(link ?? '');
      expect(url.origin).toBe(proxy.publicUrl);
      const signIn = await proxy.request(`${url.pathname}${url.search}`);
      expect(signIn.status, `${link} → ${signIn.text}`).toBe(303);
      const cookie = String(signIn.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const dashboard = await proxy.request('/dashboard', { headers: { cookie } });
      expect(dashboard.status).toBe(200);
      expect(dashboard.text).toContain('Groep 7');
      expect(dashboard.headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it('stored the acknowledged reply (read last: PGlite only once the bot has let go of it)', async () => {
      expect(replyText).not.toBe('');
      if (database === 'pglite') await bot.stop();
      const handle = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: join(dataDir, 'pglite') });
      try {
        const replies = await handle.db.selectFrom('replies').select(['text']).execute();
        expect(replies.map((r) => r.text)).toEqual([replyText]);
      } finally {
        await handle.close();
      }
    }, 120_000);
  });
}
