import express, { type Router } from 'express';
import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { plainErrorHandler } from '../../http-errors.js';
import type { AppLogger } from '../../logger.js';
import type { TeamsCloudAdapter } from './teams-adapter.js';
import { tenantOf } from './teams-activity.js';
import { checkActivityShape } from './teams-activity-shape.js';

export const MESSAGES_PATH = '/api/messages';

export interface MessagesEndpoint {
  adapter: TeamsCloudAdapter;
  log: AppLogger;
  /** Tenants allowed to use the bot; empty: all. */
  allowedTenants: readonly string[];
  /** The tenant assumed when an activity names none (local trials only); null refuses such activities. */
  fallbackTenant: string | null;
  logic: (context: TurnContext) => Promise<unknown>;
}

/**
 * `POST /api/messages`: the Bot Connector's endpoint. In order, before any handler runs:
 * 1. the body must be an activity the bot can read (zod, `checkActivityShape`), else 400;
 * 2. the tenant gate: an activity from a tenant outside TEAMS_ALLOWED_TENANTS gets 403;
 * 3. the CloudAdapter verifies the token (with credentials), else 401 with no detail;
 * then the handler runs, and the answer goes out only after it finished.
 */
export function messagesRouter(endpoint: MessagesEndpoint): Router {
  const router = express.Router();
  router.post(MESSAGES_PATH, express.json({ limit: '1mb', strict: false, type: () => true }), async (req, res) => {
    const shape = checkActivityShape(req.body);
    if (!shape.ok) {
      endpoint.log.warn({ problems: shape.problems }, 'teams: request that is not a readable activity refused');
      return void res.status(400).json({ error: 'invalid activity', problems: shape.problems });
    }
    const tenant = tenantOf(shape.activity) ?? endpoint.fallbackTenant;
    if (!tenant || (endpoint.allowedTenants.length > 0 && !endpoint.allowedTenants.includes(tenant))) {
      endpoint.log.warn({ tenant }, 'teams: activity from a tenant that is not allowed refused');
      return void res.status(403).json({ error: 'tenant not allowed' });
    }
    const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    try {
      const invoke = await endpoint.adapter.runActivity(authHeader, withDates(shape.activity), async (context) => {
        await endpoint.logic(context);
      });
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.send(invoke.body);
      res.end();
    } catch (error) {
      if (error instanceof AuthenticationError) {
        endpoint.log.warn({ reason: error.message }, 'teams: request with a missing or invalid token refused');
        return void res.status(401).json({ error: 'unauthorized' });
      }
      endpoint.log.error({ err: error }, 'teams: activity handler failed');
      if (!res.headersSent) res.status(500).json({ error: 'internal error' });
    }
  });
  router.use(MESSAGES_PATH, plainErrorHandler(endpoint.log));
  return router;
}

/** What botbuilder's validateAndFixActivity does besides its checks: timestamps as dates, the raw text kept. */
function withDates(activity: Record<string, unknown>): Activity {
  const out: Record<string, unknown> = { ...activity };
  for (const [key, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof out[key] === 'string') {
      out[raw] = out[key];
      out[key] = new Date(out[key]);
    }
  }
  return out as unknown as Activity;
}
