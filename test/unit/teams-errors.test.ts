import { describe, expect, it } from 'vitest';
import { classifyTeamsError } from '../../src/bot/teams/teams-errors.js';

/** A Bot Connector failure as @azure/core-rest-pipeline reports it. */
function restError(statusCode: number, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`HTTP ${statusCode}`), {
    statusCode,
    response: { status: statusCode, headers: { get: (name: string) => headers[name] } },
  });
}

describe('Teams send failures', () => {
  it('retries throttling (429, 412) and 503 after Retry-After: nothing was posted', () => {
    expect(classifyTeamsError(restError(429, { 'retry-after': '7' }))).toEqual({
      status: 'retry',
      reason: 'teams: HTTP 429',
      retryAfterMs: 7000,
    });
    expect(classifyTeamsError(restError(412))).toEqual({ status: 'retry', reason: 'teams: HTTP 412' });
    const at = new Date(Date.now() + 60_000).toUTCString();
    const unavailable = classifyTeamsError(restError(503, { 'retry-after': at }));
    expect(unavailable.status).toBe('retry');
    expect((unavailable as { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(50_000);
  });

  it('calls a 500, 502 or 504, a dropped connection and a timeout unclear: the post may exist', () => {
    for (const status of [500, 502, 504]) expect(classifyTeamsError(restError(status)).status).toBe('unclear');
    const reset = Object.assign(new Error('request failed'), {
      code: 'REQUEST_SEND_ERROR',
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    expect(classifyTeamsError(reset)).toEqual({ status: 'unclear', reason: 'teams: REQUEST_SEND_ERROR' });
    // The connector call's timeout aborts it (the pipeline throws an AbortError).
    const timedOut = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(classifyTeamsError(timedOut)).toEqual({ status: 'unclear', reason: 'teams: no answer in time' });
  });

  it('retries a refused connection and fails for good on a 403 or 404 (bot removed, conversation gone)', () => {
    const refused = Object.assign(new Error('request failed'), {
      code: 'REQUEST_SEND_ERROR',
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyTeamsError(refused)).toEqual({ status: 'retry', reason: 'teams: ECONNREFUSED' });
    expect(classifyTeamsError(restError(403)).status).toBe('failed');
    expect(classifyTeamsError(restError(404)).status).toBe('failed');
  });
});
