import { CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity } from 'botbuilder';
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
}

/**
 * botbuilder's CloudAdapter with the standard Microsoft App settings. With an app id every
 * incoming request's token is verified (signature against the Bot Connector's published keys,
 * issuer, audience = our app id, serviceUrl claim = the activity's serviceUrl); without one
 * (TEAMS_LOCAL_NO_AUTH, loopback only) botbuilder accepts unauthenticated requests.
 */
export function createTeamsAdapter(config: Config, overrides: AdapterOverrides = {}): CloudAdapter {
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
  return new CloudAdapter(new StrictAuthentication(inner));
}

/**
 * Two corrections around botbuilder's authentication, kept in one place:
 * - A token that fails signature verification makes jsonwebtoken throw its own error, which the
 *   CloudAdapter answers with 500 (and Teams would retry); every failure while authenticating
 *   becomes a 401 here.
 * - The connector client's HTTP pipeline retries 429 and 5xx itself, sleeping in-process and,
 *   after a 5xx that did reach Teams, posting twice. The delivery worker owns retries (with
 *   Retry-After and backoff, and "unclear" for what may have been posted), so that policy is removed.
 */
class StrictAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
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
    return result.connectorFactory ? { ...result, connectorFactory: new SingleAttemptConnectors(result.connectorFactory) } : result;
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new SingleAttemptConnectors(this.inner.createConnectorFactory(claimsIdentity));
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

class SingleAttemptConnectors extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    // ConnectorClient wraps an @azure/core-client ServiceClient; its pipeline is not in the typings.
    const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }).client?.pipeline;
    if (!pipeline) throw new Error('teams: connector client has no HTTP pipeline to configure (botbuilder changed?)');
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    return client;
  }
}
