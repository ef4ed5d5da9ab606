import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenBox } from '../../src/bot/slack/token-crypto.js';
import { commandText, flush } from '../support/slack-scenario.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const SCHOOL = {
  teamId: 'T0REGENBOOG',
  teamName: 'Stichting De Regenboog',
  botToken: 'xoxb-regenboog-secret-token',
  botUserId: 'U0RBBOT01',
  botId: 'B0RBBOT',
};
const INSTALLER = 'U0RBADMIN';

describe('Slack OAuth: many workspaces, tokens sealed at rest', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp({ oauth: true });
    app.slack.addUser(SCHOOL.teamId, { id: INSTALLER, name: 'Directeur Regenboog' });
  });
  afterEach(async () => app.close());

  async function install(): Promise<Response> {
    app.slack.grantOAuth('code-123', { workspace: SCHOOL, installerUserId: INSTALLER });
    const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location') ?? '');
    expect(location.searchParams.get('client_id')).toBe('1234.5678');
    expect(location.searchParams.get('scope')).toContain('chat:write');
    expect(location.searchParams.get('redirect_uri')).toBe('https://vijfvragen.example/slack/oauth_redirect');
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const state = location.searchParams.get('state') ?? '';
    return fetch(`${app.url}/slack/oauth_redirect?code=code-123&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
  }

  it('installs a workspace: a new organisation, the installer its coordinator, the token sealed', async () => {
    const done = await install();
    expect(done.status).toBe(200);
    const organisationId = await app.store.workspaces.findOrganisation('slack', SCHOOL.teamId);
    expect(organisationId).not.toBeNull();
    expect((await app.store.organisations.get(organisationId ?? ''))?.name).toBe(SCHOOL.teamName);
    const installer = await app.store.people.findByIdentity('slack', SCHOOL.teamId, INSTALLER);
    expect(await app.store.people.roles(organisationId ?? '', installer?.id ?? '')).toContainEqual(
      expect.objectContaining({ role: 'coordinator', scope: { kind: 'organisation' } }),
    );
    const stored = await app.installations.find(SCHOOL.teamId);
    expect(stored?.sealed).toBeDefined();
    expect(stored?.sealed).not.toContain(SCHOOL.botToken);
    expect(stored?.sealed).not.toContain('xoxb');
    expect(createTokenBox(app.config.encryptionKey ?? '').open(stored?.sealed ?? '', SCHOOL.teamId)).toContain(
      SCHOOL.botToken,
    );
  });

  it('refuses a callback whose state was not issued by us', async () => {
    app.slack.grantOAuth('code-999', { workspace: SCHOOL, installerUserId: INSTALLER });
    const forged = await fetch(`${app.url}/slack/oauth_redirect?code=code-999&state=forged`, { redirect: 'manual' });
    expect(forged.status).not.toBe(200);
    expect(await app.installations.find(SCHOOL.teamId)).toBeNull();
    expect(await app.store.workspaces.findOrganisation('slack', SCHOOL.teamId)).toBeNull();
  });

  it('serves the installed workspace with its own token', async () => {
    await install();
    const command = (text: string) => {
      const fields = new URLSearchParams({
        team_id: SCHOOL.teamId,
        channel_id: 'C0RBGROEP3',
        channel_name: 'groep-3',
        user_id: INSTALLER,
        user_name: 'dir',
        command: '/vijfvragen',
        text,
        trigger_id: 't',
        response_url: `${app.slack.origin}/respond/rb`,
      });
      return app.raw(fields.toString(), 'application/x-www-form-urlencoded');
    };
    expect((await commandText(await command('koppel Groep 3'))).type).toBe('in_channel');
    await command('ronde rekenen');
    await flush(app);
    const posts = app.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.token).toBe(SCHOOL.botToken);
    expect(app.slack.posts('C0RBGROEP3')).toHaveLength(1);
  });

  it('forgets the tokens when the workspace uninstalls the app', async () => {
    await install();
    await app.event({
      token: 'x',
      team_id: SCHOOL.teamId,
      api_app_id: 'A0VIJFVRAG',
      type: 'event_callback',
      event_id: 'EvUNINST01',
      event_time: 1760000000,
      event: { type: 'app_uninstalled', event_ts: '1760000000.000100' },
    });
    expect(await app.installations.find(SCHOOL.teamId)).toBeNull();
    // The organisation and its history stay; only the credentials go.
    expect(await app.store.workspaces.findOrganisation('slack', SCHOOL.teamId)).not.toBeNull();
  });
});

describe('token sealing', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  it('opens only with the same key and the same workspace, and detects tampering', () => {
    const box = createTokenBox(key);
    const sealed = box.seal('xoxb-secret', 'T1');
    expect(box.seal('xoxb-secret', 'T1')).not.toBe(sealed);
    expect(box.open(sealed, 'T1')).toBe('xoxb-secret');
    expect(() => box.open(sealed, 'T2')).toThrow(/cannot open/);
    expect(() => createTokenBox(Buffer.alloc(32, 2).toString('base64url')).open(sealed, 'T1')).toThrow(/cannot open/);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join(':'), 'T1')).toThrow(
      /cannot open/,
    );
    expect(() => createTokenBox('too-short')).toThrow(/32 bytes/);
  });
});
