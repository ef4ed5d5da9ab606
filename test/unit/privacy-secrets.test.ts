import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startFakeSlackApi } from '../support/fake-slack-api.js';

/** Every secret below, so each test can search the whole output for any of them. */
const SECRETS = {
  botToken: 'xoxb-1111-2222-botsecretvalue',
  appToken: 'xapp-1-A0-333-appsecretvalue',
  signingSecret: 'sign-0123456789abcdef-signing',
  clientSecret: 'client-secret-value-9876',
  stateSecret: 'state-secret-value-5432',
  tokenSecret: 'token-secret-value-token-secret-value-42',
  encryptionKey: Buffer.alloc(32, 9).toString('base64'),
  dbPassword: 'pg-password-s3cret',
  teamsPassword: 'teams-app-password-value',
  cookie: 'vv_session=eyJhbGciOiJIUzI1NiJ9.sessionvalue',
};

/** A real pino logger from src/logger.ts writing JSON lines into memory. */
function capture(): { log: ReturnType<typeof createLogger>; output: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('debug', sink), output: () => chunks.join('') };
}

function expectNoSecret(output: string): void {
  expect(output.length).toBeGreaterThan(0);
  for (const [name, value] of Object.entries(SECRETS)) expect(output, `${name} leaked`).not.toContain(value);
}

describe('secrets never reach a log line', () => {
  it('redacts the loaded configuration, logged whole or nested', () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: SECRETS.clientSecret,
      SLACK_STATE_SECRET: SECRETS.stateSecret,
      SLACK_APP_TOKEN: SECRETS.appToken,
      TOKEN_SECRET: SECRETS.tokenSecret,
      ENCRYPTION_KEY: SECRETS.encryptionKey,
      DATABASE_URL: `postgres://vijf:${SECRETS.dbPassword}@db.example:5432/vijf`,
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: SECRETS.teamsPassword,
      PUBLIC_URL: 'https://vijfvragen.example',
    });
    const { log, output } = capture();
    log.info(config, 'configuration');
    log.info({ config }, 'configuration nested');
    log.info({ startup: { config } }, 'configuration deeper');
    expectNoSecret(output());
    expect(output()).toContain('[redacted]');
    // What is not secret stays readable, or the log would be useless.
    expect(output()).toContain('https://vijfvragen.example');
  });

  it('redacts tokens, passwords, signing secrets and auth headers by key at any usual depth', () => {
    const { log, output } = capture();
    log.info({ token: SECRETS.botToken, password: SECRETS.dbPassword, signingSecret: SECRETS.signingSecret }, 'flat');
    log.info({ slack: { botToken: SECRETS.botToken, appToken: SECRETS.appToken } }, 'one level');
    log.info(
      {
        req: {
          headers: {
            authorization: `Bearer ${SECRETS.botToken}`,
            cookie: SECRETS.cookie,
            'x-slack-signature': 'v0=abc',
          },
        },
      },
      'request',
    );
    log.warn({ installation: { bot: { token: SECRETS.botToken } } }, 'installation');
    expectNoSecret(output());
    expect(output()).not.toContain('v0=abc');
  });

  it('masks secrets by their shape where no key gives them away: messages, errors, free text', () => {
    const { log, output } = capture();
    const error = new Error(`connect failed for postgres://vijf:${SECRETS.dbPassword}@db.example/vijf`, {
      cause: new Error(`header was Authorization: Bearer ${SECRETS.signingSecret}`),
    });
    log.error({ err: error }, 'database down');
    log.info({ text: `iemand plakte ${SECRETS.botToken} en ${SECRETS.appToken} in een antwoord` }, 'reply stored');
    log.info(`raw message with ${SECRETS.botToken}`);
    expectNoSecret(output());
    expect(output()).toContain('postgres://vijf:[redacted]@db.example/vijf');
  });

  it('keeps the token out of what a real Slack Web API failure logs', async () => {
    const slack = await startFakeSlackApi();
    try {
      const { log, output } = capture();
      slack.script('chat.postMessage', { status: 500 });
      const client = new WebClient(SECRETS.botToken, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
      const failure = await client.chat
        .postMessage({ channel: 'C0GROEP07', text: 'hallo' })
        .catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(Error);
      // The token did travel to the fake: so it was there to leak.
      expect(slack.calls[0]?.token).toBe(SECRETS.botToken);
      log.error({ err: failure, client }, 'slack: post failed');
      const unknownToken = await client.chat
        .postMessage({ channel: 'C0GROEP07', text: 'hallo' })
        .catch((err: unknown) => err);
      log.error({ err: unknownToken }, 'slack: post refused');
      expectNoSecret(output());
    } finally {
      await slack.close();
    }
  });
});
