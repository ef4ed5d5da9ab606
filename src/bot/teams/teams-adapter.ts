import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Config } from '../../config.js';

/** Where the adapter looks for things it would otherwise find at Microsoft (tests point these at local servers). */
export interface AdapterOverrides {
  /** OpenID metadata of the Bot Connector's token signing keys. */
  openIdMetadataUrl?: string;
  /** The issuer the Bot Connector's tokens carry (`https://api.botframework.com`). */
  tokenIssuer?: string;
  /** How the bot gets its own tokens for outgoing calls (tests use a fixed token instead of Entra). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** How long a call to the Bot Connector may wait for its answer. Default 15 seconds. */
  connectorTimeoutMs?: number;
}

/** Teams answers a post within a second or two; one that hangs must not hold the delivery worker. */
export const DEFAULT_CONNECTOR_TIMEOUT_MS = 15_000;

/**
 * botbuilder's CloudAdapter with the standard Microsoft App settings. With an app id every
 * incoming request's token is verified (signature against the Bot Connector's published keys,
 * issuer, audience = our app id, serviceUrl claim = the activity's serviceUrl); without one
 * (TEAMS_LOCAL_NO_AUTH, loopback only) botbuilder accepts unauthenticated requests.
 */
export function createTeamsAdapter(config: Config, overrides: AdapterOverrides = {}): TeamsCloudAdapter {
  const teams = config.teams;
  const settings: Record<string, string> = {
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.appTenantId ?? '',
    ...(overrides.openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: overrides.openIdMetadataUrl } : {}),
    ...(overrides.tokenIssuer ? { ToBotFromChannelTokenIssuer: overrides.tokenIssuer } : {}),
  };
  const inner = new ConfigurationBotFrameworkAuthentication(settings, overrides.credentialsFactory);
  return new TeamsCloudAdapter(
    new StrictAuthentication(inner, overrides.connectorTimeoutMs ?? DEFAULT_CONNECTOR_TIMEOUT_MS),
  );
}

/**
 * CloudAdapter whose `process` step is ours: `CloudAdapter.process` answers a body without `type`
 * with a 500 (its validator throws), and puts the internal error text (token validation details,
 * stack-bearing messages) in the body of a 401 or 500. The route checks the body itself and
 * calls `runActivity`, which authenticates and runs the logic and leaves the answer to the route.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  runActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * Three corrections around botbuilder's authentication and connector clients, kept in one place:
 * - A token that fails signature verification makes jsonwebtoken throw its own error, which the
 *   CloudAdapter answers with 500 (and Teams would retry); every failure while authenticating
 *   becomes a 401 here.
 * - The connector client's HTTP pipeline retries 429 and 5xx itself, sleeping in-process and,
 *   after a 5xx that did reach Teams, posting twice. The delivery worker owns retries (with
 *   Retry-After and backoff, and "unclear" for what may have been posted), so that policy is removed.
 * - The pipeline waits for an answer without limit: a connector that never answers would hold the
 *   delivery worker's batch, and every post behind it, for good. Each call gets a timeout; one that
 *   runs out is unclear (the post may have been made), like a dropped connection.
 */
class StrictAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await this.inner.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, StatusCodes.UNAUTHORIZED);
    }
    return result.connectorFactory
      ? { ...result, connectorFactory: new SingleAttemptConnectors(result.connectorFactory, this.timeoutMs) }
      : result;
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new SingleAttemptConnectors(this.inner.createConnectorFactory(claimsIdentity), this.timeoutMs);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

/** The part of @azure/core-rest-pipeline's Pipeline used here; the ConnectorClient's typings do not show it. */
interface ConnectorPipeline {
  removePolicy(options: { name: string }): unknown;
  addPolicy(
    policy: {
      name: string;
      sendRequest(
        request: { timeout: number },
        next: (request: { timeout: number }) => Promise<unknown>,
      ): Promise<unknown>;
    },
    options?: { beforePolicies?: string[]; afterPolicies?: string[] },
  ): void;
}

/** botbuilder-stdlib's policy that puts the bot's token on each request (fetching it when needed). */
const SIGN_POLICY = 'ServiceClientContext_Credentials_SignRequest';

/** A connector call that failed before it reached Teams (no token): certainly not posted. */
export class ConnectorNotSentError extends Error {
  override readonly name = 'ConnectorNotSentError';
  constructor(cause: unknown) {
    super(`not sent: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

class SingleAttemptConnectors extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    // ConnectorClient wraps an @azure/core-client ServiceClient; its pipeline is not in the typings.
    const pipeline = (client as unknown as { client?: { pipeline?: ConnectorPipeline } }).client?.pipeline;
    if (!pipeline) throw new Error('teams: connector client has no HTTP pipeline to configure (botbuilder changed?)');
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    const timeoutMs = this.timeoutMs;
    // Requests that got past signing (which fetches the bot's token from Entra) toward Teams.
    const signed = new WeakSet<object>();
    pipeline.addPolicy(
      {
        name: 'vijfvragenNotSent',
        async sendRequest(request, next) {
          try {
            return await next(request);
          } catch (error) {
            // Failed before it was signed (the token service was down): Teams never saw it.
            throw signed.has(request) ? error : new ConnectorNotSentError(error);
          }
        },
      },
      { beforePolicies: [SIGN_POLICY] },
    );
    pipeline.addPolicy(
      {
        name: 'vijfvragenConnectorTimeout',
        sendRequest(request, next) {
          signed.add(request);
          // 0 means "no timeout" to the pipeline; a timeout the caller chose is kept.
          if (!(request.timeout > 0)) request.timeout = timeoutMs;
          return next(request);
        },
      },
      { afterPolicies: [SIGN_POLICY] },
    );
    return client;
  }
}
