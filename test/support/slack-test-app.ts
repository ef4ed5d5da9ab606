import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ChannelModule } from '../../src/bot/channel-module.js';
import type { CommandFeatures } from '../../src/bot/commands/run-command.js';
import { createSlackModule } from '../../src/bot/slack/index.js';
import type { PacingOptions } from '../../src/bot/slack/workspace-pacer.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DialogueDeps } from '../../src/dialogues/deps.js';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel, Store } from '../../src/dialogues/ports.js';
import { createLogger, type AppLogger } from '../../src/logger.js';
import { memorySlackInstallations, type SlackInstallations } from '../../src/bot/slack/slack-installations.js';
import { startFakeSlackApi, type FakeSlackApi, type FakeWorkspace, type OAuthGrant } from './fake-slack-api.js';
import { createMemoryStore } from './memory-store.js';
import { commandBody, eventBody, fixture, interactionBody, postSigned, type SignedOptions } from './slack-requests.js';
import { fakeClock, type FakeClock } from './fake-clock.js';
import { recordingLogger } from './world.js';
import { createStoreCache } from '../../src/dialogues/cached-store.js';
import { cronCheck } from '../../src/scheduler/occurrences.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const WORKSPACE: FakeWorkspace = {
  teamId: 'T0LINDE01',
  teamName: 'Stichting De Linde',
  botToken: 'xoxb-test-linde',
  botUserId: 'U0VIJFBOT',
  botId: 'B0VIJF',
};

export interface SlackTestApp {
  readonly url: string;
  readonly slack: FakeSlackApi;
  readonly store: Store;
  readonly deps: DialogueDeps & { clock: FakeClock };
  readonly config: Config;
  readonly module: ChannelModule;
  readonly channels: Map<Platform, ChatChannel>;
  readonly installations: SlackInstallations;
  /** POSTs a signed JSON event body to /slack/events. */
  event(payload: unknown, options?: SignedOptions): Promise<Response>;
  /** Runs `/vijfvragen <text>` as a user in a channel; returns Slack's HTTP response. */
  command(
    text: string,
    user: string,
    channel: string,
    options?: SignedOptions & { channelName?: string },
  ): Promise<Response>;
  /** POSTs a signed interactivity payload (block_actions, view_submission). */
  interact(payload: unknown, options?: SignedOptions): Promise<Response>;
  /** POSTs any signed body to /slack/events. */
  raw(body: string, contentType: string, options?: SignedOptions): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Installs a workspace the way an administrator does: /slack/install, then Slack's redirect back
 * with the OAuth code (granted on the fake Slack API) and the state cookie. Returns the redirect's
 * response.
 */
export async function installThroughOAuth(
  app: Pick<SlackTestApp, 'url' | 'slack'>,
  code: string,
  grant: OAuthGrant,
): Promise<Response> {
  app.slack.grantOAuth(code, grant);
  const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return fetch(`${app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
    redirect: 'manual',
  });
}

export interface SlackTestAppOptions {
  store?: Store;
  clock?: FakeClock;
  /** OAuth (many workspaces) instead of one bot token. */
  oauth?: boolean;
  installations?: SlackInstallations;
  features?: CommandFeatures;
  /** Workspace pacing; by default the real limits, with waits moving the fake clock instead of sleeping. */
  pacing?: PacingOptions;
  /** The logger Bolt and the module log through (default: silent, or TEST_LOG_LEVEL). */
  log?: AppLogger;
}

/**
 * The real Slack module (Bolt, ExpressReceiver, our listeners) mounted on an express server on
 * 127.0.0.1, talking to a fake Slack Web API. Nothing is mocked inside our code.
 */
export async function startSlackTestApp(options: SlackTestAppOptions = {}): Promise<SlackTestApp> {
  const slack = await startFakeSlackApi();
  const clock = options.clock ?? fakeClock();
  // Cached as the composition root caches it, so the tests see what production sees.
  const cache = createStoreCache(options.store ?? createMemoryStore(), { clock });
  const store = cache.store;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    TOKEN_SECRET: 'test-token-secret-test-token-secret-0000',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://vijfvragen.example',
    ...(options.oauth
      ? {
          SLACK_CLIENT_ID: '1234.5678',
          SLACK_CLIENT_SECRET: 'client-secret',
          SLACK_STATE_SECRET: 'state-secret-0123456789',
          ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        }
      : { SLACK_BOT_TOKEN: WORKSPACE.botToken }),
  });
  if (!options.oauth) slack.addWorkspace(WORKSPACE);
  const deps: DialogueDeps & { clock: FakeClock } = {
    store,
    clock,
    newId: randomUUID,
    tokenSecret: config.tokenSecret,
    cron: cronCheck,
    memberships: cache.members,
    log: recordingLogger(),
  };
  const installations = options.installations ?? memorySlackInstallations();
  const log = options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const pacing: PacingOptions = { sleep: async (ms) => clock.advance(ms), ...options.pacing };
  const module = await createSlackModule(
    { deps, features: options.features ?? {}, config, log, slackInstallations: installations },
    { pacing },
  );
  if (!module?.routes) throw new Error('slack module did not start in HTTP mode');
  const http = express();
  http.use(module.routes);
  const server = await new Promise<Server>((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const events = `${url}/slack/events`;
  let triggers = 0;
  return {
    url,
    slack,
    store,
    deps,
    config,
    module,
    channels: new Map<Platform, ChatChannel>([['slack', module.channel]]),
    installations,
    event: (payload, signed) => postSigned(events, SIGNING_SECRET, eventBody(payload), 'application/json', signed),
    command(text, user, channel, signed = {}) {
      const fields = fixture<Record<string, string>>('command-vijfvragen', {
        team: WORKSPACE.teamId,
        channel,
        channel_name: signed.channelName ?? channel.toLowerCase(),
        user,
        user_name: user.toLowerCase(),
        text,
        response_url: `${slack.origin}/respond/${(triggers += 1)}`,
        trigger_id: `trigger-${triggers}`,
      });
      return postSigned(events, SIGNING_SECRET, commandBody(fields), 'application/x-www-form-urlencoded', signed);
    },
    interact: (payload, signed) =>
      postSigned(events, SIGNING_SECRET, interactionBody(payload), 'application/x-www-form-urlencoded', signed),
    raw: (body, contentType, signed) => postSigned(events, SIGNING_SECRET, body, contentType, signed),
    async close() {
      await module.stop?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await slack.close();
    },
  };
}
