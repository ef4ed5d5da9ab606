import { LogLevel, webApi, type Logger as SlackLogger } from '@slack/bolt';
import { logsPersonalData, withoutPayload, type AppLogger } from '../../logger.js';

export type WebClient = InstanceType<typeof webApi.WebClient>;
export type WebClientOptions = ConstructorParameters<typeof webApi.WebClient>[1];

export const DEFAULT_API_URL = 'https://slack.com/api/';

/**
 * Web API clients, one per bot token. Two flavours:
 * - `delivery`: no retries and 429s rejected at once, because the delivery worker owns retries
 *   (it honours Retry-After and looks in the channel before posting again after an unclear failure);
 * - `interactive`: a couple of quick retries, for reads while a person waits (users.info, views.open).
 */
export interface SlackClients {
  delivery(token: string): WebClient;
  interactive(token: string): WebClient;
  /** Options for Bolt's own client, so it talks to the same (possibly fake) API. */
  readonly boltClientOptions: WebClientOptions;
}

export function createSlackClients(apiUrl: string | null, log: AppLogger): SlackClients {
  const logger = slackLogger(log);
  const slackApiUrl = apiUrl ?? DEFAULT_API_URL;
  const delivery = new Map<string, WebClient>();
  const interactive = new Map<string, WebClient>();
  const base = { slackApiUrl, logger, timeout: 10_000 } satisfies WebClientOptions;
  const interactiveOptions = {
    ...base,
    retryConfig: { retries: 2, minTimeout: 100, maxTimeout: 500 },
    rejectRateLimitedCalls: true,
  } satisfies WebClientOptions;
  const make = (cache: Map<string, WebClient>, token: string, options: WebClientOptions): WebClient => {
    let client = cache.get(token);
    if (!client) {
      client = new webApi.WebClient(token, options);
      cache.set(token, client);
    }
    return client;
  };
  return {
    delivery: (token) => make(delivery, token, { ...base, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
    interactive: (token) => make(interactive, token, interactiveOptions),
    boltClientOptions: interactiveOptions,
  };
}

/**
 * Bolt, the Web API and Socket Mode log through our pino logger, so tokens stay redacted and
 * levels agree. At debug level they append whole payloads (events with names and answers,
 * request bodies with the OAuth client secret): those are cut off unless LOG_PERSONAL_DATA is on.
 */
export function slackLogger(log: AppLogger): SlackLogger {
  const child = log.child({ component: 'slack' });
  const personal = logsPersonalData(log);
  const text = (parts: unknown[]) => {
    const line = parts
      .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p)))
      .join(' ');
    return personal ? line : withoutPayload(line);
  };
  let level = LogLevel.INFO;
  // Bolt logs at debug with every request (its acknowledgement, with the whole body): the line is
  // only built when it will be written.
  return {
    debug: (...msg: unknown[]) => void (child.isLevelEnabled('debug') && child.debug(text(msg))),
    info: (...msg: unknown[]) => void (child.isLevelEnabled('info') && child.info(text(msg))),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName: () => {},
  };
}
