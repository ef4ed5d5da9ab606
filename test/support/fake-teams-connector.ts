import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Framework Connector (the `serviceUrl` Teams names in every activity).
 * It records everything the bot sends: new posts and thread replies (`POST …/activities`),
 * replies to an activity, card updates (`PUT`) and new conversations (`POST /v3/conversations`),
 * each with the Authorization header it came with. It can be scripted to fail the next calls:
 * 429 or 412 with Retry-After, or a 5xx.
 *
 * @example
 * const connector = await startFakeConnector();
 * connector.fail({ status: 429, retryAfter: 3 }, { conversation: channelId });
 */
export interface SentActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity replied to or updated; null for a new post to the conversation. */
  activityId: string | null;
  /** The id the connector gave the post. */
  id: string;
  activity: Record<string, unknown>;
  authorization: string | null;
}

export interface Failure {
  status: number;
  retryAfter?: number;
}

export interface FakeConnector {
  readonly url: string;
  readonly sent: SentActivity[];
  readonly created: { parameters: Record<string, unknown>; id: string }[];
  /** Every call to a conversation's activities, failed ones included: what reached the connector. */
  readonly attempts: { conversationId: string; status: number }[];
  /** Fails the next `times` calls (default 1) to conversations whose id starts with `conversation`. */
  fail(failure: Failure, options?: { conversation?: string; times?: number }): void;
  /** Posts that reached a conversation (new posts and replies), oldest first. */
  postsTo(conversationPrefix: string): SentActivity[];
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const sent: SentActivity[] = [];
  const created: { parameters: Record<string, unknown>; id: string }[] = [];
  const failures: { failure: Failure; conversation: string; left: number }[] = [];
  const attempts: { conversationId: string; status: number }[] = [];
  let counter = 1_700_000_000_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(path)) {
      const id = `a:personal-${(counter += 1)}`;
      created.push({ parameters: body, id });
      return json(200, { id, activityId: '' });
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(path);
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) return json(404, { error: { code: 'NotFound', message: path } });
    const conversationId = decodeURIComponent(match[1] ?? '');
    const activityId = match[2] ? decodeURIComponent(match[2]) : null;
    const scripted = failures.find((f) => f.left > 0 && conversationId.startsWith(f.conversation));
    attempts.push({ conversationId, status: scripted?.failure.status ?? 200 });
    if (scripted) {
      scripted.left -= 1;
      return json(scripted.failure.status, { error: { code: 'Throttled', message: 'scripted failure' } }, scripted.failure.retryAfter === undefined ? {} : { 'retry-after': String(scripted.failure.retryAfter) });
    }
    const id = req.method === 'PUT' ? (activityId ?? '') : String((counter += 1));
    sent.push({ method: req.method, conversationId, activityId, id, activity: body, authorization: req.headers.authorization ?? null });
    return json(200, { id });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    sent,
    created,
    attempts,
    fail(failure, options = {}) {
      failures.push({ failure, conversation: options.conversation ?? '', left: options.times ?? 1 });
    },
    postsTo: (prefix) => sent.filter((s) => s.method === 'POST' && s.conversationId.startsWith(prefix)),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
