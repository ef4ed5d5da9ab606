import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/logger.js';
import { forEachStore } from '../support/db.js';
import { commandText, flush, newTs, threadMessage } from '../support/slack-scenario.js';
import {
  installThroughOAuth,
  SIGNING_SECRET,
  startSlackTestApp,
  type SlackTestApp,
} from '../support/slack-test-app.js';

/**
 * No secret at any log level, and no names or message bodies unless LOG_PERSONAL_DATA asks for
 * them. LOG_LEVEL=debug used to log the OAuth client secret (in Bolt's debug line of the
 * oauth.v2.access request body), every incoming event with names and answers, and every posted
 * message.
 */
const SCHOOL = {
  teamId: 'T0REGENBOOG',
  teamName: 'Stichting De Regenboog',
  botToken: 'xoxb-regenboog-secret-token',
  botUserId: 'U0RBBOT01',
  botId: 'B0RBBOT',
};
const INSTALLER = 'U0RBADMIN';
const INSTALLER_NAME = 'Directeur Regenboog';
const ANSWER = 'Persoonlijk: ik twijfel of ik hier nog wil werken';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, text: () => lines.join(''), stream };
}

forEachStore('logs hold no secrets, and personal data only on request', (t) => {
  let app: SlackTestApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function installAndTalk(personalData: boolean) {
    const out = capture();
    const slack = await startSlackTestApp({
      oauth: true,
      store: t.store,
      log: createLogger('trace', out.stream, { personalData }),
    });
    app = slack;
    slack.slack.addUser(SCHOOL.teamId, { id: INSTALLER, name: INSTALLER_NAME });
    expect(
      (await installThroughOAuth(slack, 'code-log', { workspace: SCHOOL, installerUserId: INSTALLER })).status,
    ).toBe(200);
    const command = (text: string) =>
      slack.raw(
        new URLSearchParams({
          team_id: SCHOOL.teamId,
          channel_id: 'C0RBGROEP3',
          channel_name: 'groep-3',
          user_id: INSTALLER,
          user_name: 'dir',
          command: '/vijfvragen',
          text,
          trigger_id: 't',
          response_url: `${slack.slack.origin}/respond/rb`,
        }).toString(),
        'application/x-www-form-urlencoded',
      );
    expect((await commandText(await command('koppel Groep 3'))).type).toBe('in_channel');
    await command('ronde rekenen');
    await flush(slack);
    const prompt = slack.slack.posts('C0RBGROEP3').find((m) => !m.thread_ts);
    if (!prompt) throw new Error('no prompt');
    const message = threadMessage(INSTALLER, `1. ${ANSWER}`, newTs(), prompt.ts);
    const event = {
      ...message,
      team_id: SCHOOL.teamId,
      authorizations: [{ team_id: SCHOOL.teamId, user_id: SCHOOL.botUserId, is_bot: true }],
    };
    expect((await slack.event(event)).status).toBe(200);
    return {
      log: out.text(),
      secrets: [
        slack.config.slack.clientSecret ?? '',
        SIGNING_SECRET,
        SCHOOL.botToken,
        slack.config.slack.stateSecret ?? '',
        slack.config.encryptionKey ?? '',
        slack.config.tokenSecret,
      ],
    };
  }

  it('at trace, by default: no secret, no name, no answer', async () => {
    const { log, secrets } = await installAndTalk(false);
    // The libraries did log at debug (so the check below is not vacuous).
    expect(log).toContain('"level":20');
    expect(log).toContain('http request body: [payload hidden');
    for (const secret of secrets) expect(secret.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain(INSTALLER_NAME);
    expect(log).not.toContain(ANSWER);
  });

  it('with LOG_PERSONAL_DATA: bodies and names, still no secret', async () => {
    const { log, secrets } = await installAndTalk(true);
    expect(log).toContain(INSTALLER_NAME);
    expect(log).toContain('client_secret');
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});

it('masks secret fields inside logged strings, as JSON, escaped JSON or a form body', () => {
  const line = JSON.stringify({
    msg: 'http request body: {"client_id":"1.2","client_secret":"s3cr3t-value","code":"c"}',
  });
  expect(scrubSecrets(line)).not.toContain('s3cr3t-value');
  expect(scrubSecrets(line)).toContain('client_id\\":\\"1.2');
  expect(scrubSecrets('{"client_secret":"abc123def"}')).toBe('{"client_secret":"[redacted]"}');
  expect(scrubSecrets('client_id=1&client_secret=abc123def&code=x')).toBe(
    'client_id=1&client_secret=[redacted]&code=x',
  );
  expect(scrubSecrets('https://vv.example/auth/link?token=eyJhbGciOi.payload.sig')).not.toContain('eyJhbGciOi');
});
