import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Requests in the shapes Slack sends them, signed the way Slack signs them: `v0=` + HMAC-SHA256
 * of `v0:<timestamp>:<raw body>` with the signing secret, the timestamp in
 * `x-slack-request-timestamp`. Events are JSON; slash commands are form fields; interactivity is
 * one form field `payload` holding JSON.
 */
export interface SignedOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (forgeries). null sends none. */
  signature?: string | null;
  /** Slack's redelivery headers. */
  retryNum?: number;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  options: SignedOptions = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
  };
  const signature = options.signature === undefined ? sign(secret, timestamp, body) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

export const eventBody = (payload: unknown) => JSON.stringify(payload);
export const commandBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const interactionBody = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A recorded payload from test/fixtures/slack, with `{{name}}` placeholders filled in. */
export function fixture<T = Record<string, unknown>>(name: string, values: Record<string, string> = {}): T {
  const raw = readFileSync(new URL(`../fixtures/slack/${name}.json`, import.meta.url), 'utf8');
  const filled = raw.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`fixture ${name}: no value for {{${key}}}`);
    // Values land inside JSON strings: keep quotes and backslashes in user text intact.
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(filled) as T;
}
