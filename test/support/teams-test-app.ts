import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AppCredentials, ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import type { ChannelModule } from '../../src/bot/channel-module.js';
import type { CommandFeatures } from '../../src/bot/commands/run-command.js';
import { createTeamsModule } from '../../src/bot/teams/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import type { DialogueDeps } from '../../src/dialogues/deps.js';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel, Store } from '../../src/dialogues/ports.js';
import { createLogger } from '../../src/logger.js';
import { memoryTeamsConversations, type TeamsConversations } from '../../src/bot/teams/teams-conversations.js';
import { SECOND, fakeClock, type FakeClock } from './fake-clock.js';
import { startFakeConnector, type FakeConnector } from './fake-teams-connector.js';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { createMemoryStore } from './memory-store.js';
import { recordingLogger } from './world.js';
import { createStoreCache } from '../../src/dialogues/cached-store.js';
import { cronCheck } from '../../src/scheduler/occurrences.js';

export const APP_ID = '00000000-bot0-app0-0000-000000000001';
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const OUTGOING_TOKEN = 'test-outgoing-token';

export interface TeamsTestApp {
  readonly url: string;
  readonly connector: FakeConnector;
  /** Present when the app runs with credentials: signs Bot Connector tokens with local keys. */
  readonly identity: FakeIdentity | null;
  /** Credentials mode: while `down`, getting the bot's outgoing token fails (Entra unreachable). */
  readonly tokenService: { down: boolean };
  readonly store: Store;
  readonly deps: DialogueDeps & { clock: FakeClock };
  readonly config: Config;
  readonly module: ChannelModule;
  readonly channels: Map<Platform, ChatChannel>;
  readonly conversations: TeamsConversations;
  /** POSTs an activity to /api/messages (with `token` as a Bearer token when given). */
  send(activity: Record<string, unknown>, token?: string | null): Promise<Response>;
  /** A valid Bot Connector token for an activity (credentials mode only). */
  tokenFor(
    activity: Record<string, unknown>,
    claims?: Record<string, unknown>,
    options?: { foreign?: boolean },
  ): Promise<string>;
  /** Runs the delivery worker until nothing is due, moving the clock past pacing and backoff. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface TeamsTestAppOptions {
  store?: Store;
  clock?: FakeClock;
  /** Run with MicrosoftAppId (tokens verified against local keys) instead of TEAMS_LOCAL_NO_AUTH. */
  credentials?: boolean;
  allowedTenants?: string[];
  features?: CommandFeatures;
  env?: Record<string, string>;
  /** Where conversation references are kept; in memory unless given (the SQL suite passes its own). */
  conversations?: TeamsConversations;
  /** How long the bot waits for the connector's answer (the module's default unless given). */
  connectorTimeoutMs?: number;
}

/** Outgoing calls carry a fixed token instead of one from Entra (no network in tests). */
class FixedTokenCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly service: { down: boolean },
  ) {
    super(appId, undefined, `${BOT_FRAMEWORK_ISSUER}/.default`);
  }
  override async getToken(): Promise<string> {
    if (this.service.down) throw new Error('token service unreachable (ECONNRESET)');
    return OUTGOING_TOKEN;
  }
  protected async refreshToken() {
    return { accessToken: OUTGOING_TOKEN, expiresOn: new Date(Date.now() + 3_600_000) } as never;
  }
}

class FixedTokenFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly service: { down: boolean }) {
    super();
  }
  async isValidAppId(appId = ''): Promise<boolean> {
    return appId === APP_ID;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials(appId: string): Promise<ServiceClientCredentials> {
    return new FixedTokenCredentials(appId, this.service) as unknown as ServiceClientCredentials;
  }
}

/**
 * The real Teams module (CloudAdapter, our handlers, our channel) on an express server on
 * 127.0.0.1, with every activity's serviceUrl pointing at a fake Bot Connector.
 */
export async function startTeamsTestApp(options: TeamsTestAppOptions = {}): Promise<TeamsTestApp> {
  const clock = options.clock ?? fakeClock();
  // The connector keeps Retry-After and rate limits on the app's clock, as the worker decides on it.
  const connector = await startFakeConnector({ now: () => clock.now().getTime() });
  const identity = options.credentials ? await startFakeIdentity({ endorsements: ['msteams'] }) : null;
  // Cached as the composition root caches it, so the tests see what production sees.
  const cache = createStoreCache(options.store ?? createMemoryStore(), { clock });
  const store = cache.store;
  const tokenService = { down: false };
  const config = loadConfig({
    TOKEN_SECRET: 'test-token-secret-test-token-secret-0000',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://vijfvragen.example',
    ...(options.credentials
      ? { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-in-tests' }
      : { TEAMS_LOCAL_NO_AUTH: 'true' }),
    ...(options.allowedTenants ? { TEAMS_ALLOWED_TENANTS: options.allowedTenants.join(',') } : {}),
    ...options.env,
  });
  const deps: DialogueDeps & { clock: FakeClock } = {
    store,
    clock,
    newId: randomUUID,
    tokenSecret: config.tokenSecret,
    cron: cronCheck,
    memberships: cache.members,
    log: recordingLogger(),
  };
  const conversations = options.conversations ?? memoryTeamsConversations();
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const module = await createTeamsModule(
    { deps, features: options.features ?? {}, config, log },
    {
      conversations,
      connectorTimeoutMs: options.connectorTimeoutMs,
      ...(identity
        ? {
            openIdMetadataUrl: identity.openIdUrl,
            tokenIssuer: BOT_FRAMEWORK_ISSUER,
            credentialsFactory: new FixedTokenFactory(tokenService),
          }
        : {}),
    },
  );
  if (!module?.routes) throw new Error('teams module did not start');
  const http = express();
  http.use(module.routes);
  const server = await new Promise<Server>((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const channels = new Map<Platform, ChatChannel>([['teams', module.channel]]);
  return {
    url,
    connector,
    identity,
    tokenService,
    store,
    deps,
    config,
    module,
    channels,
    conversations,
    send: (activity, token) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(activity),
      }),
    async tokenFor(activity, claims = {}, signOptions = {}) {
      if (!identity) throw new Error('tokenFor needs { credentials: true }');
      return identity.sign(
        { iss: BOT_FRAMEWORK_ISSUER, aud: APP_ID, serviceurl: activity.serviceUrl as string, ...claims },
        signOptions,
      );
    },
    async flush() {
      for (let i = 0; i < 50; i += 1) {
        const figures = await deliverDue(deps, channels);
        if (figures.claimed === 0) return;
        if (figures.released > 0 || figures.retried > 0) clock.advance(2 * SECOND);
      }
      throw new Error('deliveries still due after 50 rounds of the worker');
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connector.close();
      await identity?.close();
    },
  };
}
