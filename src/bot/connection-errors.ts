/** Socket error codes of a connection that never carried the request: nothing can have been posted. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether a socket error code says the request never left, so sending again cannot post twice. */
export function neverConnected(code: string | undefined): code is string {
  return code !== undefined && NOT_CONNECTED.has(code);
}

/**
 * The socket error code of a failed platform call, found along the cause chain (fetch and the Bot
 * Connector's RestError wrap the socket error; a connection tried on several addresses fails with
 * an AggregateError of them). A code that says the request never left wins over others; Slack's
 * own codes (`slack_…`) are not socket codes.
 */
export function socketCode(error: unknown): string | undefined {
  const codes = codesAlong(error, 0);
  return codes.find((code) => NOT_CONNECTED.has(code)) ?? codes[0];
}

function codesAlong(error: unknown, depth: number): string[] {
  if (!error || depth >= 5) return [];
  const code = (error as { code?: unknown }).code;
  const own = typeof code === 'string' && !code.startsWith('slack_') ? [code] : [];
  const inner = error instanceof AggregateError ? error.errors.flatMap((e: unknown) => codesAlong(e, depth + 1)) : [];
  return [...own, ...inner, ...codesAlong((error as { cause?: unknown }).cause, depth + 1)];
}
