import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Framework Connector (the `serviceUrl` Teams names in every activity).
 * It records everything the bot sends: new posts and thread replies (`POST …/activities`),
 * replies to an activity, card updates (`PUT`) and new conversations (`POST /v3/conversations`),
 * each with the Authorization header it came with. It can be scripted to fail the next calls:
 * 429 or 412 with Retry-After, a plain 5xx, or a post Teams applied but whose answer was lost
 * (`applied`: recorded as posted, then answered 502/504 or the connection dropped). And it can
 * enforce a rate limit per conversation, answering 429 with Retry-After and noting every request
 * that came before the Retry-After it announced (`early`).
 *
 * @example
 * const connector = await startFakeConnector();
 * connector.fail({ status: 429, retryAfter: 3 }, { conversation: channelId });
 * connector.fail({ drop: true, applied: true }, { conversation: otherChannelId });
 * connector.limit({ posts: 2, perMs: 2_000 });
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

/**
 * An answer instead of the normal one. With `applied` the post is recorded first, as Teams
 * would have made it; without, nothing is posted.
 */
export type Failure =
  | { status: number; retryAfter?: number; applied?: boolean }
  /** The connection is destroyed instead of answered. */
  | { drop: true; applied?: boolean }
  /** No answer at all: the connection stays open until the connector closes (a timeout, for the bot). */
  | { hang: true; applied?: boolean };

export interface RateLimit {
  /** Posts one conversation accepts within any `perMs` window; more are answered 429. */
  posts: number;
  perMs: number;
}

/** A request to a conversation that came before the Retry-After the connector had announced for it. */
export interface EarlyRequest {
  conversationId: string;
  at: number;
  allowedAt: number;
}

export interface FakeConnector {
  readonly url: string;
  readonly sent: SentActivity[];
  readonly created: { parameters: Record<string, unknown>; id: string }[];
  /**
   * Every call to a conversation's activities, failed ones included: what reached the connector.
   * `status` is what it answered, 0 for a dropped or unanswered one; `applied` when the post was made.
   */
  readonly attempts: { conversationId: string; status: number; applied: boolean; at: number }[];
  /** Requests that came before an announced Retry-After; a well-behaved bot makes none. */
  readonly early: EarlyRequest[];
  /**
   * The roster the members API answers from (`GET …/conversations/{id}/members/{userId}`), by
   * user id, and every roster read made; an unknown user is answered 404 as Teams does.
   */
  readonly roster: Map<string, { name: string; aadObjectId?: string }>;
  readonly rosterReads: { conversationId: string; userId: string }[];
  /** Fails the next `times` calls (default 1) to conversations whose id starts with `conversation`. */
  fail(failure: Failure, options?: { conversation?: string; times?: number }): void;
  /** Enforces a rate limit per conversation from now on (null lifts it). */
  limit(limit: RateLimit | null): void;
  /** Posts that reached a conversation (new posts and replies), oldest first. */
  postsTo(conversationPrefix: string): SentActivity[];
  close(): Promise<void>;
}

export interface FakeConnectorOptions {
  /** Epoch ms that Retry-After and the rate limit are kept in: the bot's clock (real time unless given). */
  now?: () => number;
}

export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const now = options.now ?? Date.now;
  const sent: SentActivity[] = [];
  const created: { parameters: Record<string, unknown>; id: string }[] = [];
  const failures: { failure: Failure; conversation: string; left: number }[] = [];
  const attempts: FakeConnector['attempts'] = [];
  const early: EarlyRequest[] = [];
  // Per conversation: when a Retry-After it announced ends, and when recent posts were accepted.
  const heldUntil = new Map<string, number>();
  const accepted = new Map<string, number[]>();
  let rateLimit: RateLimit | null = null;
  const roster = new Map<string, { name: string; aadObjectId?: string }>();
  const rosterReads: { conversationId: string; userId: string }[] = [];
  let counter = 1_700_000_000_000;

  /** Seconds to announce (whole, as Teams sends them) and the hold they mean from `at`. */
  const announce = (conversationId: string, at: number, ms: number): string => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    heldUntil.set(conversationId, Math.max(heldUntil.get(conversationId) ?? 0, at + seconds * 1000));
    return String(seconds);
  };

  /** Whether the rate limit lets one more post into the conversation at `at`; records it if so. */
  const admit = (conversationId: string, at: number): { ok: true } | { ok: false; waitMs: number } => {
    const limit = rateLimit;
    if (!limit) return { ok: true };
    const recent = (accepted.get(conversationId) ?? []).filter((t) => t > at - limit.perMs);
    accepted.set(conversationId, recent);
    if (recent.length >= limit.posts) return { ok: false, waitMs: (recent[0] ?? at) + limit.perMs - at };
    recent.push(at);
    return { ok: true };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body =
      chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
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
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)\/?$/.exec(path);
    if (req.method === 'GET' && member) {
      const userId = decodeURIComponent(member[2] ?? '');
      rosterReads.push({ conversationId: decodeURIComponent(member[1] ?? ''), userId });
      const known = roster.get(userId);
      if (!known) return json(404, { error: { code: 'MemberNotFoundInConversation', message: userId } });
      return json(200, { id: userId, name: known.name, aadObjectId: known.aadObjectId, userRole: 'user' });
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(path);
    if (!match || (req.method !== 'POST' && req.method !== 'PUT'))
      return json(404, { error: { code: 'NotFound', message: path } });
    const method = req.method;
    const conversationId = decodeURIComponent(match[1] ?? '');
    const activityId = match[2] ? decodeURIComponent(match[2]) : null;
    const at = now();
    const post = (): string => {
      const id = method === 'PUT' ? (activityId ?? '') : String((counter += 1));
      sent.push({
        method,
        conversationId,
        activityId,
        id,
        activity: body,
        authorization: req.headers.authorization ?? null,
      });
      return id;
    };
    const refuse = (status: number, code: string, retryAfter?: string) => {
      attempts.push({ conversationId, status, applied: false, at });
      json(
        status,
        { error: { code, message: 'fake connector refused the request' } },
        retryAfter === undefined ? {} : { 'retry-after': retryAfter },
      );
    };

    const held = heldUntil.get(conversationId) ?? 0;
    if (at < held) early.push({ conversationId, at, allowedAt: held });

    const scripted = failures.find((f) => f.left > 0 && conversationId.startsWith(f.conversation));
    if (scripted) {
      scripted.left -= 1;
      const failure = scripted.failure;
      const applied = failure.applied === true;
      if (applied) post();
      if ('drop' in failure || 'hang' in failure) {
        attempts.push({ conversationId, status: 0, applied, at });
        if ('drop' in failure) req.socket.destroy();
        return;
      }
      if (applied) {
        attempts.push({ conversationId, status: failure.status, applied, at });
        return json(failure.status, {
          error: { code: 'BadGateway', message: 'scripted failure after the post was made' },
        });
      }
      return refuse(
        failure.status,
        'Throttled',
        failure.retryAfter === undefined ? undefined : announce(conversationId, at, failure.retryAfter * 1000),
      );
    }
    // A request inside an announced hold is refused again with what is left of it.
    if (at < held) return refuse(429, 'Throttled', String(Math.max(1, Math.ceil((held - at) / 1000))));
    const admitted = admit(conversationId, at);
    if (!admitted.ok) return refuse(429, 'Throttled', announce(conversationId, at, admitted.waitMs));

    const id = post();
    attempts.push({ conversationId, status: 200, applied: true, at });
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
    early,
    roster,
    rosterReads,
    fail(failure, options = {}) {
      failures.push({ failure, conversation: options.conversation ?? '', left: options.times ?? 1 });
    },
    limit(limit) {
      rateLimit = limit;
      accepted.clear();
    },
    postsTo: (prefix) => sent.filter((s) => s.method === 'POST' && s.conversationId.startsWith(prefix)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
