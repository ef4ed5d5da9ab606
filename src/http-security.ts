import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from './config.js';
import { t } from './i18n/index.js';

/** Probes answer on any host name (a load balancer asks by IP) and say nothing but up or down. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * `host[:port]` as a URL of `protocol` would carry it (lower case, default port dropped), or null
 * when the value is not a bare host: no user info, path, query or fragment.
 */
export function normalHost(value: string, protocol: 'http:' | 'https:'): string | null {
  if (value === '' || /[\s/\\?#@]/.test(value)) return null;
  try {
    const url = new URL(`${protocol}//${value}`);
    return url.host === '' ? null : url.host;
  } catch {
    return null;
  }
}

/**
 * The DNS-rebinding guard: a page on `rebind.attacker.example` whose name later resolves to this
 * server reaches it with its own name in `Host`, so every name but ours is refused (421). Ours
 * are the host of PUBLIC_URL and, when the server listens on a loopback address, the loopback
 * names with the port the request actually came in on (a browser sends those only for pages
 * served from that very address; a proxy on the same machine sends them when it keeps nginx's
 * default `Host`). Probes are exempt.
 */
export function hostAllowList(config: Pick<Config, 'publicUrl' | 'host'>): RequestHandler {
  const publicUrl = new URL(config.publicUrl);
  const protocol = publicUrl.protocol === 'https:' ? 'https:' : 'http:';
  const publicHost = publicUrl.host.toLowerCase();
  const loopback = LOOPBACK_ADDRESSES.has(config.host);
  return (req: Request, res: Response, next: NextFunction) => {
    if (PROBE_PATHS.has(req.path)) return next();
    const host = normalHost(req.headers.host ?? '', protocol);
    if (host !== null && (host === publicHost || (loopback && isLoopbackHost(host, req.socket.localPort))))
      return next();
    res
      .status(421)
      .type('text/plain')
      .set('Cache-Control', 'no-store')
      .send(`${t('nl', 'http.unknown_host')}\n${t('en', 'http.unknown_host')}`);
  };
}

function isLoopbackHost(host: string, port: number | undefined): boolean {
  const colon = host.lastIndexOf(':');
  if (colon <= 0 || host.endsWith(']')) return false;
  return LOOPBACK_NAMES.has(host.slice(0, colon)) && Number(host.slice(colon + 1)) === port;
}

/**
 * Where Microsoft 365 hosts frame a Teams tab, from Microsoft's "Prerequisites" for tabs
 * (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements): Teams, the
 * Microsoft 365 app, Outlook, and the `*.cloud.microsoft` domain they are all moving to.
 */
export const TEAMS_FRAME_ANCESTORS: readonly string[] = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
  'https://outlook.live.com',
];

/** Pages a Teams tab shows in its frame: the tab itself and the dashboard it opens. */
export function framedByTeams(path: string): boolean {
  return (
    path === '/teams/tab' || path.startsWith('/teams/tab/') || path === '/dashboard' || path.startsWith('/dashboard/')
  );
}

/**
 * The policy every page gets: scripts, styles, images and fetches from this server only, forms
 * post only here, no plugins or `<base>`, and no framing except a Teams tab's pages by Microsoft
 * 365 hosts (when Teams is on). Pages with stricter needs (the guest page) set their own.
 */
export function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** CSP, nosniff, a referrer policy that keeps sign-in and guest tokens in URLs on this site. */
export function securityHeaders(config: Pick<Config, 'teams'>): RequestHandler {
  const everywhere = contentSecurityPolicy([]);
  const tab = config.teams.enabled ? contentSecurityPolicy(TEAMS_FRAME_ANCESTORS) : everywhere;
  return (req, res, next) => {
    const framed = tab !== everywhere && framedByTeams(req.path);
    res.set({
      'Content-Security-Policy': framed ? tab : everywhere,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      ...(framed ? {} : { 'X-Frame-Options': 'DENY' }),
    });
    next();
  };
}
