import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.js';
import { commandBody, fixture, postSigned } from '../support/slack-requests.js';
import { ADMIN, CHANNEL } from '../support/slack-scenario.js';
import { SIGNING_SECRET, WORKSPACE } from '../support/slack-test-app.js';

/**
 * The composition root builds its dependencies once and hands every module the same ones. With
 * the delivery worker polling only once a minute, a prompt queued from a Slack command is posted at
 * once only if the Slack module's dependencies carry the worker's nudge (they once held a copy
 * made before the nudge was wired, and the prompt waited for the next poll).
 */
const POLL_MS = 60_000;
/** Generous for a busy machine (a nudged post takes well under a second), yet short of the next poll. */
const WITHIN_MS = 30_000;

async function within<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

describe('composition root', () => {
  let slack: FakeSlackApi;
  let running: Running | undefined;
  afterEach(async () => {
    await running?.stop();
    await slack.close();
  });

  it('posts a prompt queued from a Slack command without waiting for the next poll', async () => {
    slack = await startFakeSlackApi();
    slack.addWorkspace(WORKSPACE);
    slack.addUser(WORKSPACE.teamId, { id: ADMIN, name: 'Ilse (IB)', is_admin: true, locale: 'nl-NL' });
    const config = loadConfig({
      DATA_DIR: 'memory://',
      PORT: '0',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      DELIVERY_POLL_MS: String(POLL_MS),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      TOKEN_SECRET: 'test-token-secret-test-token-secret-0000',
      PUBLIC_URL: 'https://vijfvragen.example',
      SLACK_BOT_TOKEN: WORKSPACE.botToken,
      SLACK_API_URL: slack.url,
    });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    const command = (text: string) =>
      postSigned(
        `${running?.url}/slack/events`,
        SIGNING_SECRET,
        commandBody(
          fixture<Record<string, string>>('command-vijfvragen', {
            team: WORKSPACE.teamId,
            channel: CHANNEL,
            channel_name: 'groep-7',
            user: ADMIN,
            user_name: 'ilse',
            text,
            response_url: `${slack.origin}/respond/1`,
            trigger_id: 'trigger-1',
          }),
        ),
        'application/x-www-form-urlencoded',
      );
    expect((await command('koppel Groep 7')).status).toBe(200);
    // Let the worker's first poll (at start) pass, so only a nudge can post in time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await command('ronde begrijpend lezen')).status).toBe(200);
    const prompt = await within('the prompt post', WITHIN_MS, () => slack.posts(CHANNEL).find((m) => !m.thread_ts));
    expect(prompt.metadata).toMatchObject({ event_type: 'vijfvragen_delivery' });
    // Built once: no module can set a field on the shared dependencies afterwards.
    expect(Object.isFrozen(running.app.deps)).toBe(true);
  }, 240_000);
});
