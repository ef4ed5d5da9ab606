import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ILSE, TENANT, botAdded, mentionInChannel } from '../support/teams-activities.js';
import { APP_ID, OUTGOING_TOKEN, startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

describe('Teams endpoint with credentials: every token verified', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp({ credentials: true });
  });
  afterAll(async () => app?.close());

  const org = () => app.store.workspaces.findOrganisation('teams', TENANT);

  it('refuses a missing, foreign-signed, wrongly addressed or expired token with 401 and runs nothing', async () => {
    const activity = botAdded(app.connector.url, ILSE);
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      null,
      'not-a-jwt',
      await app.tokenFor(activity, {}, { foreign: true }),
      await app.tokenFor(activity, { aud: 'some-other-bot' }),
      await app.tokenFor(activity, { iss: 'https://evil.example' }),
      await app.tokenFor(activity, { serviceurl: 'https://evil.example/' }),
      await app.tokenFor(activity, { exp: now - 3600, nbf: now - 7200, iat: now - 7200 }),
    ];
    for (const token of refused) expect((await app.send(activity, token)).status).toBe(401);
    expect(await org()).toBeNull();
    expect(app.connector.sent).toHaveLength(0);
  });

  it('accepts a token signed by the published key and answers with its own credentials', async () => {
    const activity = botAdded(app.connector.url, ILSE);
    expect((await app.send(activity, await app.tokenFor(activity))).status).toBe(200);
    expect(await org()).not.toBeNull();
    expect(app.connector.sent).toHaveLength(1);
    expect(app.connector.sent[0]?.authorization).toBe(`Bearer ${OUTGOING_TOKEN}`);
  });
});

describe('Teams tenant gate', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp({ allowedTenants: [TENANT] });
  });
  afterAll(async () => app?.close());

  it('refuses activities from a tenant outside TEAMS_ALLOWED_TENANTS before any handler runs', async () => {
    const foreign = 'f00d0000-0000-4000-8000-000000000bad';
    const res = await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7', { tenant: foreign }));
    expect(res.status).toBe(403);
    expect(await app.store.workspaces.findOrganisation('teams', foreign)).toBeNull();
    expect(await app.store.people.findByIdentity('teams', foreign, ILSE.id)).toBeNull();
    expect(app.connector.sent).toHaveLength(0);
    expect((await app.send(botAdded(app.connector.url, ILSE))).status).toBe(200);
    expect(await app.store.workspaces.findOrganisation('teams', TENANT)).not.toBeNull();
  });
});

describe('Teams without credentials', () => {
  it('is an explicit opt-in, only on the loopback address, and never combined with an app id', () => {
    expect(loadConfig({ TEAMS_LOCAL_NO_AUTH: 'true' }).teams).toMatchObject({
      enabled: true,
      localNoAuth: true,
      appId: null,
    });
    expect(loadConfig({}).teams.enabled).toBe(false);
    expect(() => loadConfig({ TEAMS_LOCAL_NO_AUTH: 'true', HOST: '0.0.0.0' })).toThrow(/TEAMS_LOCAL_NO_AUTH/);
    expect(() =>
      loadConfig({
        TEAMS_LOCAL_NO_AUTH: 'true',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        TOKEN_SECRET: 'x'.repeat(32),
      }),
    ).toThrow(/TEAMS_LOCAL_NO_AUTH/);
  });

  it('accepts unauthenticated activities in that mode', async () => {
    const app = await startTeamsTestApp();
    try {
      expect((await app.send(botAdded(app.connector.url, ILSE))).status).toBe(200);
      expect(app.connector.sent[0]?.authorization ?? null).toBeNull();
    } finally {
      await app.close();
    }
  });
});
