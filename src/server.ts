import express, { type Express, type Router } from 'express';
import type { Server } from 'node:http';
import { sql } from 'kysely';
import type { App } from './app.js';
import { guestRoutes } from './bot/web/guest-routes.js';
import { startSession, verifyWebToken } from './bot/web/session.js';

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The one HTTP server: health probes, sign-in links, and every channel's and feature's routes.
 * Platform endpoints (`/slack/events`, `/api/messages`) parse their own bodies, so no global body
 * parser runs before them (Slack's signature is computed over the raw body).
 */
export function createHttpApp(app: App, routers: readonly Router[]): Express {
  const http = express();
  http.disable('x-powered-by');
  http.set('trust proxy', 'loopback');
  http.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  http.get('/readyz', async (_req, res) => {
    try {
      await sql`select 1`.execute(app.database.db);
      res.json({ status: 'ready', database: app.database.kind });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', database: app.database.kind, error: (error as Error).message });
    }
  });
  // The short-lived link the bot hands out in chat (`dashboard` command) becomes a session here.
  http.get('/auth/link', async (req, res) => {
    const session = typeof req.query.token === 'string' ? await verifyWebToken(app.config.tokenSecret, req.query.token, 'link') : null;
    if (!session) return void res.status(401).type('text/plain').send('Deze link is ongeldig of verlopen. Vraag de bot om een nieuwe (dashboard).\nThis link is invalid or expired.');
    await startSession(res, app.config.tokenSecret, session);
    res.redirect(303, '/dashboard');
  });
  // Outside reviewers' pages (question 4): reached by signed link, whichever channels are on.
  http.use(guestRoutes(app.deps));
  for (const router of routers) http.use(router);
  http.use((_req, res) => void res.status(404).type('text/plain').send('Not found'));
  http.use((error: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) app.log.error({ err: error }, 'request failed');
    res.status(status).type('text/plain').send(status === 413 ? 'Request too large' : status === 500 ? 'Internal error' : 'Bad request');
  });
  return http;
}

export async function listen(http: Express, host: string, port: number): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = http.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
}
