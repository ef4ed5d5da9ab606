import type { RequestHandler } from 'express';
import type { Clock, InboundEventRepository } from '../../dialogues/ports.js';
import type { AppLogger } from '../../logger.js';
import type { SlackCheckedRequest } from './slack-edge-shape.js';

/**
 * Runs on `/slack/events` after `slackBodyGuard`, which verified the signature (and refused
 * timestamps from the future) and marked the request `slackChecked`. A signature proves a request
 * came from Slack, not that it came once: whoever sees one signed request (a proxy log, a
 * debugging dump) could send it again within the five minutes and open a second round. So:
 *
 * - a validly signed request is recorded by its signature in the database, atomically and shared
 *   by every replica; the same signature again gets an empty 200 and does nothing;
 * - a request that failed (5xx) is forgotten again, so a retry of the very same bytes can still
 *   take effect.
 *
 * Events API callbacks are not recorded here: each takes effect once by its `event_id` downstream
 * (a replayed reply is the same event id, stored once), which spares a write per reply.
 *
 * A request the body guard did not mark never gets past it; should one arrive here, it gets 401.
 */
export function slackReplayGuard(inbound: InboundEventRepository, clock: Clock, log: AppLogger): RequestHandler {
  return (req, res, next) => {
    const checked = (req as SlackCheckedRequest).slackChecked;
    const signature = req.headers['x-slack-signature'];
    if (!checked || typeof signature !== 'string') return void res.status(401).send();
    // An Events API callback takes effect once by its event id (messages, edits, deletions and
    // joins are recorded under it; the rest is idempotent): no second row per reply here.
    if (checked.eventId) return next();
    const key = `request:${signature}`;
    inbound.firstSeen('slack', key, clock.now()).then((first) => {
      if (!first) {
        log.warn(
          {
            timestamp: Number(req.headers['x-slack-request-timestamp']),
            retry: req.headers['x-slack-retry-num'] ?? null,
          },
          'slack: replayed request ignored',
        );
        return void res.status(200).send();
      }
      res.once('finish', () => {
        if (res.statusCode >= 500)
          inbound
            .forget('slack', key)
            .catch((error: unknown) =>
              log.warn({ err: (error as Error).message }, 'slack: could not release a failed request'),
            );
      });
      next();
    }, next);
  };
}
