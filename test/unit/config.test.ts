import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts in local mode on loopback with no variables at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      localMode: true,
      webChannel: true,
      seedDemo: true,
      publicUrl: 'http://127.0.0.1:3978',
      databaseUrl: null,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem together, each naming its variable', () => {
    const found = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      DEFAULT_TIME_ZONE: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'DEFAULT_TIME_ZONE', 'LOG_LEVEL']),
    );
  });

  it('refuses to listen beyond loopback without platform credentials', () => {
    expect(problems({ HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^HOST: .*local mode/)]);
    expect(
      problems({
        HOST: '0.0.0.0',
        WEB_CHANNEL: 'true',
        SLACK_BOT_TOKEN: 'x',
        SLACK_SIGNING_SECRET: 's',
        TOKEN_SECRET: 'x'.repeat(40),
      }),
    ).toEqual([expect.stringMatching(/^WEB_CHANNEL: .*loopback/)]);
  });

  it('needs the signing secret and a token secret once Slack is configured', () => {
    const found = problems({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_SIGNING_SECRET:/),
        expect.stringMatching(/^TOKEN_SECRET:/),
      ]),
    );
  });

  it('needs the OAuth set and an encryption key for multi-workspace installs', () => {
    const found = problems({ SLACK_CLIENT_ID: 'c', SLACK_SIGNING_SECRET: 's', TOKEN_SECRET: 'x'.repeat(40) });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_CLIENT_SECRET:/),
        expect.stringMatching(/^SLACK_STATE_SECRET:/),
        expect.stringMatching(/^ENCRYPTION_KEY:/),
      ]),
    );
  });

  it('allows the Teams no-auth trial only on loopback and never with credentials', () => {
    expect(problems({ TEAMS_LOCAL_NO_AUTH: 'true', HOST: '0.0.0.0', WEB_CHANNEL: 'false' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^TEAMS_LOCAL_NO_AUTH: only allowed/)]),
    );
    expect(loadConfig({ TEAMS_LOCAL_NO_AUTH: 'true' }).teams.enabled).toBe(true);
  });
});
