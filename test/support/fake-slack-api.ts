import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for the Slack Web API (https://slack.com/api/<method>), for tests that point
 * SLACK_API_URL at it. It records every call, keeps the messages posted per channel (with their
 * metadata, returned by conversations.history/replies only with include_all_metadata, as Slack
 * does), and can be scripted to fail a method: 429 with Retry-After, HTTP 500, a platform error,
 * or "applied but the response was lost" (the connection drops after the post is stored).
 *
 * @example
 * const slack = await startFakeSlackApi();
 * slack.addWorkspace({ teamId: 'T1', teamName: 'De Linde', botToken: 'xoxb-1', botUserId: 'UBOT', botId: 'BBOT' });
 * slack.script('chat.postMessage', { status: 429, retryAfter: 30 });
 */
export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

export interface FakeUser {
  id: string;
  name: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  locale?: string;
}

export interface FakeCall {
  method: string;
  token: string | null;
  params: Record<string, unknown>;
  /** Wall-clock time of the call (ms). */
  at: number;
}

export interface FakeMessage {
  teamId: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

export type Scripted =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { error: string }
  /** The call takes effect, then the connection is destroyed before the answer is sent. */
  | { lose: true };

export interface OAuthGrant {
  workspace: FakeWorkspace;
  installerUserId: string;
}

export interface FakeSlackApi {
  /** The base URL to use as SLACK_API_URL (ends in `/api/`). */
  readonly url: string;
  /** The origin, for response_url links. */
  readonly origin: string;
  readonly calls: FakeCall[];
  readonly messages: FakeMessage[];
  /** Bodies posted to response_url links. */
  readonly responses: { path: string; body: Record<string, unknown> }[];
  addWorkspace(workspace: FakeWorkspace): void;
  addUser(teamId: string, user: FakeUser): void;
  setMembers(channel: string, userIds: string[]): void;
  /** Queues answers for the next calls of `method` (optionally only calls to one channel). */
  script(method: string, response: Scripted, options?: { channel?: string; times?: number }): void;
  /** Drops every queued answer for `method` (an outage ends). */
  unscript(method: string): void;
  grantOAuth(code: string, grant: OAuthGrant): void;
  /** Socket Mode: apps.connections.open with this app-level token answers this WebSocket URL. */
  openSocketMode(appToken: string, url: string): void;
  callsTo(method: string): FakeCall[];
  /** Posts (not ephemerals) in one channel, oldest first. */
  posts(channel: string): FakeMessage[];
  close(): Promise<void>;
}

interface Script {
  response: Scripted;
  channel?: string;
  times: number;
}

const IN_FLIGHT_MARGIN_MS = 100;

/**
 * Slack's limits on chat.postMessage, enforced with 429 and Retry-After: about one post per
 * second per channel, and a cap per workspace. Off unless asked for.
 */
export interface FakeSlackLimits {
  /** Minimum gap between two posts in one channel (Slack: 1000 ms). */
  perChannelMs?: number;
  /** Posts per second across each workspace (a token bucket per workspace holding one second's worth), as Slack limits each workspace on its own. */
  workspacePerSecond?: number;
}

/** What the limits did: refusals, and requests that came before the Retry-After they were given. */
export interface FakeSlackLimitFigures {
  refused: number;
  /** Requests to a channel, or to the workspace, before the Retry-After it last answered had passed (sent after the 429 arrived). */
  early: number;
}

export async function startFakeSlackApi(
  limits: FakeSlackLimits = {},
): Promise<FakeSlackApi & { limitFigures: FakeSlackLimitFigures }> {
  const limitFigures: FakeSlackLimitFigures = { refused: 0, early: 0 };
  const lastPost = new Map<string, number>();
  const notBefore = new Map<string, number>();
  const refusedAt = new Map<string, number>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const workspaces = new Map<string, FakeWorkspace>();
  const users = new Map<string, FakeUser>();
  const members = new Map<string, string[]>();
  const scripts = new Map<string, Script[]>();
  const grants = new Map<string, OAuthGrant>();
  const sockets = new Map<string, string>();
  const calls: FakeCall[] = [];
  const messages: FakeMessage[] = [];
  const responses: { path: string; body: Record<string, unknown> }[] = [];
  let counter = 0;
  const nextTs = () => `${1_760_000_000 + (counter += 1)}.${String(counter).padStart(6, '0')}`;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/respond/')) {
      responses.push({ path, body: JSON.parse(raw || '{}') as Record<string, unknown> });
      return json(res, 200, { ok: true });
    }
    const method = path.replace(/^\/api\//, '');
    const params = parseParams(raw, req.headers['content-type'] ?? '');
    const token =
      (req.headers.authorization ?? '').replace(/^Bearer /, '') ||
      (typeof params.token === 'string' ? params.token : null);
    calls.push({ method, token, params, at: Date.now() });
    const team = [...workspaces.values()].find((w) => w.botToken === token)?.teamId ?? '';
    const limited = method === 'chat.postMessage' ? rateLimit(String(params.channel ?? ''), team) : null;
    if (limited !== null) {
      res.setHeader('retry-after', String(limited));
      return json(res, 429, { ok: false, error: 'ratelimited' });
    }
    const scripted = take(method, params);
    if (scripted && 'status' in scripted && scripted.status === 429) {
      res.setHeader('retry-after', String(scripted.retryAfter));
      return json(res, 429, { ok: false, error: 'ratelimited' });
    }
    if (scripted && 'status' in scripted) return json(res, scripted.status, { ok: false, error: 'internal_error' });
    if (scripted && 'error' in scripted) return json(res, 200, { ok: false, error: scripted.error });
    const workspace = [...workspaces.values()].find((w) => w.botToken === token);
    const socketUrl = method === 'apps.connections.open' && token ? sockets.get(token) : undefined;
    const answer =
      method === 'oauth.v2.access'
        ? oauth(params)
        : socketUrl
          ? { ok: true, url: socketUrl }
          : workspace
            ? api(method, params, workspace)
            : { ok: false, error: 'invalid_auth' };
    if (scripted && 'lose' in scripted) {
      req.socket.destroy();
      return;
    }
    json(res, 200, answer);
  }

  /** Seconds to wait when this post breaks a limit, else null (and the post counts against them). */
  function rateLimit(channel: string, team: string): number | null {
    const now = Date.now();
    // A request already on its way when the 429 went out is not early: only those arriving a
    // clear margin after it count.
    for (const key of [`channel:${channel}`, `workspace:${team}`]) {
      const until = notBefore.get(key);
      if (until !== undefined && now < until && now > (refusedAt.get(key) ?? 0) + IN_FLIGHT_MARGIN_MS)
        limitFigures.early += 1;
    }
    const refuse = (key: string, waitMs: number): number => {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      notBefore.set(key, now + seconds * 1000);
      refusedAt.set(key, now);
      limitFigures.refused += 1;
      return seconds;
    };
    if (limits.perChannelMs !== undefined) {
      const gap = now - (lastPost.get(channel) ?? 0);
      if (gap < limits.perChannelMs) return refuse(`channel:${channel}`, limits.perChannelMs - gap);
    }
    if (limits.workspacePerSecond !== undefined) {
      const rate = limits.workspacePerSecond;
      const bucket = buckets.get(team) ?? { tokens: rate, at: now };
      bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
      buckets.set(team, bucket);
      if (bucket.tokens < 1) return refuse(`workspace:${team}`, ((1 - bucket.tokens) / rate) * 1000);
      bucket.tokens -= 1;
    }
    lastPost.set(channel, now);
    return null;
  }

  function take(method: string, params: Record<string, unknown>): Scripted | null {
    const queue = scripts.get(method) ?? [];
    const index = queue.findIndex((s) => s.channel === undefined || s.channel === params.channel);
    const script = queue[index];
    if (!script) return null;
    script.times -= 1;
    if (script.times <= 0) queue.splice(index, 1);
    return script.response;
  }

  function oauth(params: Record<string, unknown>): Record<string, unknown> {
    const grant = grants.get(String(params.code));
    if (!grant) return { ok: false, error: 'invalid_code' };
    const w = grant.workspace;
    workspaces.set(w.teamId, w);
    return {
      ok: true,
      app_id: 'A0VIJF',
      authed_user: { id: grant.installerUserId },
      scope: 'chat:write,commands',
      token_type: 'bot',
      access_token: w.botToken,
      bot_user_id: w.botUserId,
      team: { id: w.teamId, name: w.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  function api(method: string, p: Record<string, unknown>, w: FakeWorkspace): Record<string, unknown> {
    const channel = String(p.channel ?? '');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${w.teamId.toLowerCase()}.slack.com/`,
          team: w.teamName,
          user: 'vijfvragen',
          team_id: w.teamId,
          user_id: w.botUserId,
          bot_id: w.botId,
        };
      case 'users.info': {
        const user = users.get(`${w.teamId}:${String(p.user)}`);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            ...user,
            team_id: w.teamId,
            real_name: user.name,
            profile: { display_name: user.name, real_name: user.name },
          },
        };
      }
      case 'conversations.members':
        return { ok: true, members: members.get(channel) ?? [], response_metadata: { next_cursor: '' } };
      case 'conversations.open':
        return { ok: true, channel: { id: dmChannel(String(p.users)) } };
      case 'conversations.join':
      case 'conversations.info':
        return { ok: true, channel: { id: channel } };
      case 'conversations.history': {
        const list = messages.filter((m) => m.channel === channel && !m.thread_ts).reverse();
        return { ok: true, messages: list.map((m) => view(m, p.include_all_metadata === 'true')), has_more: false };
      }
      case 'conversations.replies': {
        const list = messages.filter((m) => m.channel === channel && (m.ts === p.ts || m.thread_ts === p.ts));
        return { ok: true, messages: list.map((m) => view(m, p.include_all_metadata === 'true')), has_more: false };
      }
      case 'chat.postMessage': {
        const target = channel.startsWith('U') ? dmChannel(channel) : channel;
        const message: FakeMessage = {
          teamId: w.teamId,
          channel: target,
          ts: nextTs(),
          text: String(p.text ?? ''),
          blocks: (p.blocks as unknown[] | undefined) ?? [],
          bot_id: w.botId,
          ...(typeof p.thread_ts === 'string' ? { thread_ts: p.thread_ts } : {}),
          ...(p.metadata ? { metadata: p.metadata as FakeMessage['metadata'] } : {}),
        };
        messages.push(message);
        return { ok: true, channel: target, ts: message.ts, message: view(message, true) };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${(counter += 1)}`, ...(p.view as Record<string, unknown>) } };
      default:
        return { ok: true };
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/api/`,
    origin,
    limitFigures,
    calls,
    messages,
    responses,
    addWorkspace: (w) => void workspaces.set(w.teamId, w),
    addUser: (teamId, user) => void users.set(`${teamId}:${user.id}`, user),
    setMembers: (channel, ids) => void members.set(channel, ids),
    script(method, response, options = {}) {
      const queue = scripts.get(method) ?? [];
      queue.push({ response, times: options.times ?? 1, ...(options.channel ? { channel: options.channel } : {}) });
      scripts.set(method, queue);
    },
    unscript: (method) => void scripts.delete(method),
    grantOAuth: (code, grant) => void grants.set(code, grant),
    openSocketMode: (appToken, url) => void sockets.set(appToken, url),
    callsTo: (method) => calls.filter((c) => c.method === method),
    posts: (channel) => messages.filter((m) => m.channel === channel),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const dmChannel = (userId: string) => `D${userId.slice(1)}`;

function view(m: FakeMessage, withMetadata: boolean): Record<string, unknown> {
  return {
    type: 'message',
    ts: m.ts,
    text: m.text,
    blocks: m.blocks,
    bot_id: m.bot_id,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends form fields, with objects and arrays as JSON text. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
