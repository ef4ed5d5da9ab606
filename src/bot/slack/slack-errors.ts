import { webApi } from '@slack/bolt';
import type { SendOutcome } from '../../dialogues/ports.js';
import { neverConnected, socketCode } from '../connection-errors.js';

type NotSent = Exclude<SendOutcome, { status: 'sent' }>;

/** Platform errors that will not go away by trying again: the channel, the bot or the token is gone. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'team_access_not_granted',
  'user_not_found',
  'cannot_dm_bot',
  'user_disabled',
  'msg_too_long',
  'invalid_blocks',
  'invalid_metadata_format',
  'invalid_arguments',
  'ekm_access_denied',
  'org_login_required',
  'app_uninstalled',
]);
/** Slack said it could not finish: the message may or may not exist. */
const UNCLEAR = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/**
 * Maps a Web API failure to what the delivery worker should do. The line that matters is between
 * `retry` (certainly not posted: 429, refused connection) and `unclear` (the request may have
 * reached Slack: timeout, reset, 5xx), because Slack has no idempotency key.
 */
export function classifySlackError(error: unknown): NotSent {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { status: 'retry', reason: 'slack: rate limited (429)', retryAfterMs: Math.max(1, error.retryAfter) * 1000 };
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited' || code === 'rate_limited')
      return { status: 'retry', reason: `slack: ${code}`, retryAfterMs: 1000 };
    if (UNCLEAR.has(code)) return { status: 'unclear', reason: `slack: ${code}` };
    if (PERMANENT.has(code)) return { status: 'failed', reason: `slack: ${code}` };
    // An error we do not know: a coordinator can look and send again; posting blindly could repeat.
    return { status: 'failed', reason: `slack: ${code}` };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    if (error.statusCode >= 500) return { status: 'unclear', reason: `slack: HTTP ${error.statusCode}` };
    return { status: 'failed', reason: `slack: HTTP ${error.statusCode}` };
  }
  if (error instanceof webApi.WebAPIRequestError) {
    const code = socketCode(error.original);
    if (neverConnected(code)) return { status: 'retry', reason: `slack: ${code}` };
    return { status: 'unclear', reason: `slack: ${code ?? error.original.message}` };
  }
  return { status: 'unclear', reason: `slack: ${error instanceof Error ? error.message : String(error)}` };
}

/** The platform error code of a failed call, for handlers that treat some codes as expected. */
export function platformErrorCode(error: unknown): string | null {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : null;
}
