import {
  App,
  ErrorCode,
  ExpressReceiver,
  SocketModeReceiver,
  type AuthorizeResult,
  type InstallationStore,
  type Receiver,
} from '@slack/bolt';
import { respondToSslCheck, respondToUrlVerification } from '@slack/bolt/dist/receivers/ExpressReceiver.js';
import express, { type Router } from 'express';
import type { Config } from '../../config.js';
import { slackLogger } from './slack-client.js';
import { slackBodyGuard } from './slack-edge-shape.js';
import { slackReplayGuard } from './slack-replay-guard.js';
import { registerListeners } from './slack-listeners.js';
import type { SlackRuntime } from './slack-runtime.js';
import { deferAcknowledgement } from './socket-mode-ack.js';

/** The bot scopes the app asks for; the manifest lists the same (a test keeps them equal). */
export const BOT_SCOPES = [
  'channels:history',
  'channels:join',
  'channels:read',
  'chat:write',
  'commands',
  'groups:history',
  'groups:read',
  'im:history',
  'im:write',
  'metadata.message:read',
  'users:read',
] as const;

export const EVENTS_PATH = '/slack/events';
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface SlackAppParts {
  app: App;
  /** HTTP mode: `POST /slack/events` (and the OAuth routes), to mount on the shared server. */
  router: Router | null;
  /** Socket Mode: the receiver to start and stop with the module. */
  socket: Receiver | null;
}

export interface BuildOptions {
  config: Config;
  runtime: SlackRuntime;
  /** How Bolt finds a workspace's token (single token or installations), unless the OAuth installer does. */
  authorize: (teamId: string | undefined) => Promise<AuthorizeResult>;
  installationStore: InstallationStore | null;
}

/**
 * Builds the Bolt App with the right receiver.
 *
 * HTTP: an ExpressReceiver on our own Router with `processBeforeResponse`, so every listener's
 * writes are in the database before Slack gets its 200. The receiver registers no route of its
 * own on `/slack/events`: ours reads the body once, `slackBodyGuard` verifies the signature once
 * (HMAC v0 over the raw body in constant time, at most five minutes old or ahead: 401 before any
 * listener runs) and parses it once, as Bolt would, checking its shape; `slackReplayGuard` lets
 * each signed request take effect once (a replay within the five minutes gets an empty 200); then
 * Bolt's own ssl_check and url_verification answers and its request handler get the parsed body.
 * With OAuth the same router serves /slack/install and /slack/oauth_redirect.
 *
 * Socket Mode: Bolt acknowledges an event before its listeners run; `deferAcknowledgement` holds
 * the acknowledgement back until they finished, so the same "persist before acknowledging" holds.
 * OAuth install routes are not served in Socket Mode (install through HTTP mode once, or use
 * a single-workspace bot token).
 */
export function buildSlackApp(options: BuildOptions): SlackAppParts {
  const { config, runtime, installationStore } = options;
  const logger = slackLogger(runtime.log);
  const slack = config.slack;
  const oauth = slack.mode === 'oauth' && installationStore !== null;
  const authorize = async (source: { teamId?: string | undefined }) => options.authorize(source.teamId);
  // No conversation store: the bot keeps no per-conversation state in Bolt, and the default
  // in-memory store costs a lookup and a timer with every event.
  const common = {
    logger,
    clientOptions: runtime.clients.boltClientOptions,
    ignoreSelf: true,
    convoStore: false,
  } as const;

  let app: App;
  let router: Router | null = null;
  let socket: Receiver | null = null;
  if (slack.appToken) {
    // installerOptions.clientOptions is where Bolt takes the Web API options for apps.connections.open
    // from, so SLACK_API_URL reaches the Socket Mode handshake too.
    const inner = new SocketModeReceiver({
      appToken: slack.appToken,
      logger,
      installerOptions: { clientOptions: runtime.clients.boltClientOptions },
    });
    socket = deferAcknowledgement(inner);
    app = new App({ ...common, receiver: socket, authorize });
  } else {
    if (!slack.signingSecret) throw new Error('slack: SLACK_SIGNING_SECRET is required in HTTP mode');
    router = express.Router();
    const receiver = new ExpressReceiver({
      signingSecret: slack.signingSecret,
      // No route of Bolt's own (it would read, verify and parse every body a second time): the
      // events route below verifies with the same checks, stricter, and hands Bolt the parsed body.
      endpoints: {},
      signatureVerification: false,
      processBeforeResponse: true,
      router,
      logger,
      ...(oauth && slack.clientId && slack.clientSecret && slack.stateSecret
        ? {
            clientId: slack.clientId,
            clientSecret: slack.clientSecret,
            stateSecret: slack.stateSecret,
            installationStore,
            scopes: [...BOT_SCOPES],
            redirectUri: `${config.publicUrl}${REDIRECT_PATH}`,
            installerOptions: {
              installPath: INSTALL_PATH,
              redirectUriPath: REDIRECT_PATH,
              directInstall: true,
              clientOptions: runtime.clients.boltClientOptions,
            },
          }
        : {}),
    });
    router.post(
      EVENTS_PATH,
      ...slackBodyGuard(slack.signingSecret, runtime.log),
      slackReplayGuard(runtime.deps.store.inbound, runtime.deps.clock, runtime.log),
      respondToSslCheck,
      respondToUrlVerification,
      (req, res) => receiver.requestHandler(req, res),
    );
    app = new App({ ...common, receiver, ...(oauth ? {} : { authorize }) });
  }
  app.error(async (error) => {
    // No token for the request's workspace (not the one of SLACK_BOT_TOKEN, or not installed):
    // nothing ran and nothing will on a retry, so it is acknowledged and dropped, not failed.
    if (error.code === ErrorCode.AuthorizationError)
      return void runtime.log.warn(
        { code: error.code },
        'slack: request from a workspace this bot does not serve, ignored',
      );
    runtime.log.error({ err: error.message, code: error.code }, 'slack: listener failed');
    // Rethrown so the receiver answers 500 and Slack delivers again: nothing was acknowledged unsaved.
    throw error;
  });
  registerListeners(app, runtime, installationStore);
  return { app, router, socket };
}
