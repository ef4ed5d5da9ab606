import express, { type Router } from 'express';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { AppLogger } from '../../logger.js';
import { tenantOf } from './teams-activity.js';

export const MESSAGES_PATH = '/api/messages';

export interface MessagesEndpoint {
  adapter: CloudAdapter;
  log: AppLogger;
  /** Tenants allowed to use the bot; empty: all. */
  allowedTenants: readonly string[];
  /** The tenant assumed when an activity names none (local trials only); null refuses such activities. */
  fallbackTenant: string | null;
  logic: (context: TurnContext) => Promise<unknown>;
}

/**
 * `POST /api/messages`: the Bot Connector's endpoint. The tenant gate runs first, before the
 * CloudAdapter authenticates and before any handler: an activity from a tenant outside
 * TEAMS_ALLOWED_TENANTS gets 403 and is not looked at further. The CloudAdapter then verifies
 * the token (with credentials) and runs the handler; it answers only after the handler finished.
 */
export function messagesRouter(endpoint: MessagesEndpoint): Router {
  const router = express.Router();
  router.post(MESSAGES_PATH, express.json({ limit: '1mb' }), async (req, res) => {
    const tenant = tenantOf(req.body) ?? endpoint.fallbackTenant;
    if (!tenant || (endpoint.allowedTenants.length > 0 && !endpoint.allowedTenants.includes(tenant))) {
      endpoint.log.warn({ tenant }, 'teams: activity from a tenant that is not allowed refused');
      return void res.status(403).json({ error: 'tenant not allowed' });
    }
    await endpoint.adapter.process(req, res, async (context) => {
      await endpoint.logic(context);
    });
  });
  return router;
}
