import type { Express, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { sendPlain } from './http-errors.js';

const MINUTE = 60_000;

/**
 * Requests per client address per minute on the endpoints anyone can reach without a session.
 * Generous on purpose: a school's staff share one address behind the school's router, and
 * dozens of them may sign in at eight in the morning. What these stop is a script: guessing at
 * links, filling a round through a leaked guest link, or uploading figures in a loop.
 */
export const RATE_LIMITS = Object.freeze({
  /** `/auth/link`, the local picker's `/web/signin`, the Teams tab's `/teams/tab/session`. */
  signIn: 60,
  /** Guest pages (`GET /guest/…`). */
  guestPages: 120,
  /** Views posted through guest links (`POST /guest/…`). */
  guestPosts: 20,
  /** CSV uploads on the dashboard. */
  uploads: 10,
});

function limiter(limit: number, options: { passMarked?: boolean } = {}): RequestHandler {
  return rateLimit({
    windowMs: MINUTE,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The client address is `req.ip`, which Express derives from X-Forwarded-For only for the
    // proxies TRUST_PROXY names; IPv6 clients are counted per /56, as the library advises.
    handler: (_req, res, next) => {
      // A form whose text must come back (a guest's view): the route refuses it and keeps the text.
      if (options.passMarked) {
        res.locals.rateLimited = true;
        return next();
      }
      sendPlain(res.set('Cache-Control', 'no-store'), 429, 'http.too_many');
    },
  });
}

/**
 * Mounts the limits before the routes they guard. Each limiter counts in this process's
 * memory: with N replicas a client gets at most N times the figure, which is still far from
 * what a script needs.
 */
export function applyRateLimits(http: Express): void {
  http.use(['/auth/link', '/web/signin', '/teams/tab/session'], limiter(RATE_LIMITS.signIn));
  const guestPages = limiter(RATE_LIMITS.guestPages);
  const guestPosts = limiter(RATE_LIMITS.guestPosts, { passMarked: true });
  http.use('/guest', (req, res, next) => (req.method === 'POST' ? guestPosts : guestPages)(req, res, next));
  http.post('/dashboard/outcomes/import', limiter(RATE_LIMITS.uploads));
}
