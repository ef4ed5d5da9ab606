import type { NextFunction, Request, Response } from 'express';
import { sendPlain } from '../../http-errors.js';
import { normalHost } from '../../http-security.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a state-changing request sent by another site: a session cookie alone must not be
 * enough to answer, start a round, import figures or erase someone. A browser names the sender
 * in `Sec-Fetch-Site` and `Origin`; anything but this site, an `Origin` of `null` (sandboxed
 * frames, opaque redirects) and an `Origin` that is not a URL at all are refused with 403.
 * Servers (Slack, Teams) send neither header and pass; they prove themselves by signature.
 *
 * Our pages send `Referrer-Policy: same-origin`, under which browsers keep `Origin` on
 * same-origin posts. The guest page is the exception (no-referrer, hence `Origin: null`) and
 * is not behind this check: its link is the credential, there is no cookie to ride on.
 */
export function sameOriginPosts(req: Request, res: Response, next: NextFunction): void {
  if (!UNSAFE.has(req.method)) return next();
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const crossSite = site === 'cross-site' || site === 'same-site';
  if (crossSite || (origin !== undefined && !sameOrigin(origin, req.headers.host))) {
    return sendPlain(res, 403, 'http.cross_site');
  }
  next();
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.toLowerCase().replace(/\/$/, ''))
    return false;
  return host !== undefined && normalHost(host, url.protocol) === url.host;
}
