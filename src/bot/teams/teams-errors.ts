import type { SendOutcome } from '../../dialogues/ports.js';
import { neverConnected, socketCode } from '../connection-errors.js';

type NotSent = Exclude<SendOutcome, { status: 'sent' }>;

/**
 * Maps a Bot Connector failure to what the delivery worker should do.
 * - 429 (throttled), 412 (Teams' "precondition failed", its other throttling answer) and 503
 *   (service unavailable) refused the request: certainly not posted, retry after Retry-After.
 * - 500, 502, 504, a connection that broke mid-request and a call that got no answer in time
 *   may have posted: `unclear`. Teams cannot be asked afterwards whether a post arrived, so the
 *   worker hands these to a coordinator rather than risk a second post (the honest reading of
 *   "retry 5xx" without an idempotency key).
 * - A call that failed before it was signed (no token from Entra) never reached Teams: retry.
 * - Other 4xx (conversation gone, bot removed, 403 from a blocked bot): failed.
 */
export function classifyTeamsError(error: unknown): NotSent {
  const status = statusOf(error);
  const retryAfterMs = retryAfterOf(error);
  const after = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429 || status === 412 || status === 503)
    return { status: 'retry', reason: `teams: HTTP ${status}`, ...after };
  if (status !== undefined && status >= 500) return { status: 'unclear', reason: `teams: HTTP ${status}`, ...after };
  if (status !== undefined && status >= 400) return { status: 'failed', reason: `teams: HTTP ${status}` };
  // Failed before the request was signed and sent (the token service, Entra, was unreachable).
  if ((error as { name?: unknown } | null)?.name === 'ConnectorNotSentError')
    return { status: 'retry', reason: `teams: ${(error as Error).message}` };
  // The connector call's own timeout (teams-adapter) aborted it: the post may have been made.
  if ((error as { name?: unknown } | null)?.name === 'AbortError')
    return { status: 'unclear', reason: 'teams: no answer in time' };
  const code = socketCode(error);
  if (neverConnected(code)) return { status: 'retry', reason: `teams: ${code}` };
  return { status: 'unclear', reason: `teams: ${code ?? (error instanceof Error ? error.message : String(error))}` };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  const value = e?.statusCode ?? e?.response?.status ?? e?.status;
  return typeof value === 'number' ? value : undefined;
}

/** Retry-After in seconds or as an HTTP date, from the error's response headers. */
export function retryAfterOf(error: unknown): number | undefined {
  const headers = (
    error as { response?: { headers?: { get?(name: string): string | undefined } | Record<string, string> } } | null
  )?.response?.headers;
  if (!headers) return undefined;
  const raw =
    typeof headers.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string>)['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
