import express, { type Express, type RequestHandler, type Router } from 'express';
import { createServer, type Server } from 'node:http';
import type { App } from './app.js';
import { guestRoutes } from './bot/web/guest-routes.js';
import { privacyStatementRoutes } from './bot/web/privacy-statement.js';
import { sameOriginPosts } from './bot/web/same-origin.js';
import { secureCookies, startSession, verifySignInLink } from './bot/web/session.js';
import { defaultLocaleOf, plainErrorHandler, sendNotFound, type PlainKey } from './http-errors.js';
import { t } from './i18n/index.js';
import { hostAllowList, securityHeaders } from './http-security.js';
import { applyRateLimits } from './rate-limits.js';
import { AppError } from './app-error.js';

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`, default 8 s), then closes. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The one HTTP server: health probes, sign-in links, and every channel's and feature's routes.
 * Platform endpoints (`/slack/events`, `/api/messages`) parse their own bodies, so no global body
 * parser runs before them (Slack's signature is computed over the raw body).
 */
export function createHttpApp(app: App, routers: readonly Router[], first: readonly RequestHandler[] = []): Express {
  const { config } = app;
  const http = express();
  // Before everything else, so they see every request (the metrics' timing).
  for (const handler of first) http.use(handler);
  http.use(defaultLocaleOf(config.defaultLocale));
  http.disable('x-powered-by');
  http.set('trust proxy', config.trustProxy);
  // At LOG_LEVEL=debug every request is logged as it starts (the route is not known yet).
  if (app.log.isLevelEnabled('debug')) {
    http.use((req, _res, next) => {
      app.log.debug({ method: req.method, path: req.path }, 'request');
      next();
    });
  }
  http.use(hostAllowList(config), securityHeaders(config));
  // Probes answer on any host name, so they say no more than up or down and which kind of
  // database; why the database is unreachable (host names, users) goes to the log only.
  http.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  http.get('/readyz', async (_req, res) => {
    try {
      // Reachable is not enough: code newer than the schema (a replica started before migrating) is not ready.
      const pending = await app.pendingMigrations();
      if (pending.length > 0)
        return void res.status(503).json({ status: 'migrations pending', database: app.database.kind, pending });
      res.json({ status: 'ready', database: app.database.kind });
    } catch (error) {
      app.log.warn({ err: (error as Error).message }, 'readiness probe: database unavailable');
      res.status(503).json({ status: 'unavailable', database: app.database.kind });
    }
  });
  // The guest page posts with `Origin: null` (its referrer policy is no-referrer) and needs no
  // cookie; every other state-changing request must come from our own pages or from a server.
  http.use((req, res, next) => (req.path.startsWith('/guest/') ? next() : sameOriginPosts(req, res, next)));
  applyRateLimits(http);
  // The short-lived link the bot hands out in chat (`dashboard` command) becomes a session here,
  // once: its id is recorded in the database on first use, so a copied, forwarded or logged
  // link does not open a second session.
  http.get('/auth/link', async (req, res) => {
    const link =
      typeof req.query.token === 'string' ? await verifySignInLink(config.tokenSecret, req.query.token) : null;
    if (!link) return void refuse(res, 401, 'http.link_invalid');
    if (!(await app.store.inbound.firstSeen('web', `signin:${link.jti}`, app.deps.clock.now())))
      return void refuse(res, 410, 'http.link_used');
    await startSession(res, config.tokenSecret, link.session, { secure: secureCookies(config.publicUrl) });
    res.redirect(303, '/dashboard');
  });
  // Outside reviewers' pages (question 4): reached by signed link, whichever channels are on.
  http.use(guestRoutes(app.deps));
  // The privacy statement and terms the Teams manifest links to: public, whichever channels are on.
  http.use(privacyStatementRoutes(app.deps, config.tokenSecret));
  for (const router of routers) http.use(router);
  http.use((_req, res) => sendNotFound(res));
  http.use(plainErrorHandler(app.log));
  return http;
}

/**
 * A sign-in link that cannot be used. It is in both languages on purpose: whoever follows a link
 * is not known yet, and the person it was made for may read another language than the server's.
 */
function refuse(res: express.Response, status: number, key: PlainKey): void {
  res
    .status(status)
    .type('text/plain')
    .set('Cache-Control', 'no-store')
    .send(`${t('nl', key)}\n${t('en', key)}`);
}

/**
 * Listens on `host:port`. A port that is taken (another instance, another program) is a clear
 * error with a stable code: Express 5 hands listen errors to the callback as an argument, so
 * calling `http.listen(port, cb)` would report "running" while nothing listens.
 */
export async function listen(http: Express, host: string, port: number): Promise<RunningServer> {
  return (await bindServer(host, port)).serve(http);
}

/** A listening socket whose handler comes later: PORT=0 is resolved before the links are built. */
export interface BoundServer {
  readonly url: string;
  readonly port: number;
  /** Hands the requests to `http` from now on (until then they get 503). */
  serve(http: Express): RunningServer;
  close(): Promise<void>;
}

/**
 * Binds `host:port` before anything is built: with PORT=0 the system picks the port, and the
 * public URL (every absolute link) must name that port, not `:0`. Requests that arrive before
 * `serve` get 503, as they would from a server still starting.
 */
export async function bindServer(host: string, port: number): Promise<BoundServer> {
  let handler: Express | null = null;
  const server = createServer((req, res) => {
    if (handler) return void handler(req, res);
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('Starting');
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      server.off('listening', listening);
      reject(listenError(error, host, port));
    };
    const listening = () => {
      server.off('error', failed);
      resolve();
    };
    server.once('error', failed);
    server.once('listening', listening);
    server.listen(port, host);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    port: actualPort,
    serve(http) {
      handler = http;
      return { url, server, close: (graceMs) => closeGracefully(server, graceMs) };
    },
    close: () => closeGracefully(server, 0),
  };
}

/** A failed listen as an error an operator can act on; `systemCode` is the system's (EADDRINUSE, EACCES). */
export class ListenError extends AppError {
  constructor(
    message: string,
    readonly systemCode: string,
    options: { cause: unknown },
  ) {
    super('server.cannot_listen', message, options);
  }
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') {
    return new ListenError(
      `Port ${port} on ${host} is already in use (is Vijf Vragen already running?). Stop the other process or set PORT to a free port.`,
      error.code,
      { cause: error },
    );
  }
  if (error.code === 'EACCES')
    return new ListenError(
      `Not allowed to listen on ${where}: ports below 1024 need extra rights. Set PORT to 1024 or higher.`,
      error.code,
      { cause: error },
    );
  if (error.code === 'EADDRNOTAVAIL')
    return new ListenError(`Cannot listen on ${where}: this machine has no such address. Check HOST.`, error.code, {
      cause: error,
    });
  return error;
}

/**
 * Stops accepting connections and waits for the requests in flight. Keep-alive connections are
 * closed as soon as they fall idle (a finished request leaves its socket idle, so this repeats);
 * after `graceMs` whatever is still open is cut.
 */
function closeGracefully(server: Server, graceMs = 8_000): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
