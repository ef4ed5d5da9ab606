import { parse as parseForm } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppLogger } from '../../logger.js';

/** Bolt's own default: bodies over 10 MB are refused before they are read. */
export const SLACK_BODY_LIMIT = '10mb';

/** Slack's window: a signature older, or newer, than five minutes is refused. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

const short = z.string().max(256);
const object = z.record(z.string(), z.unknown());

/** Event API bodies (JSON). Only the envelope is checked here; listeners parse what they read. */
const eventBody = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1).max(1024) }),
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: short.min(1),
    event_id: short.optional(),
    event: z.looseObject({ type: short.min(1) }),
  }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
]);

/** A slash command (form fields). */
const commandBody = z.looseObject({
  command: short.min(1),
  text: z.string().max(40_000).default(''),
  team_id: short.min(1),
  user_id: short.min(1),
  channel_id: short.min(1),
  response_url: z.string().max(2048).optional(),
  trigger_id: short.optional(),
});

const team = z.looseObject({ id: short.min(1) });
const user = z.looseObject({ id: short.min(1) });
/** Interactivity (`payload=` JSON in a form): buttons, modal submissions and closings, shortcuts. */
const interaction = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('block_actions'),
    team: team.nullable(),
    user,
    actions: z
      .array(z.looseObject({ action_id: short.min(1) }))
      .min(1)
      .max(25),
  }),
  z.looseObject({
    type: z.literal('view_submission'),
    team: team.nullable(),
    user,
    view: z.looseObject({ callback_id: short, state: z.looseObject({ values: object }).optional() }),
  }),
  z.looseObject({ type: z.literal('view_closed'), team: team.nullable(), user, view: object }),
  z.looseObject({ type: z.enum(['shortcut', 'message_action', 'block_suggestion']), team: team.nullable(), user }),
]);

/**
 * `body`: the payload as Bolt's receiver would parse it, handed to Bolt instead of the raw bytes.
 * `eventId`: the body is an Events API callback, deduplicated downstream by its event id.
 */
export type SlackBodyCheck = { ok: true; body: unknown; eventId?: string } | { ok: false; problems: string[] };

/** Set by `slackBodyGuard` on a request whose signature verified and whose body is a Slack payload. */
export interface SlackCheckedRequest {
  slackChecked?: { eventId: string | null };
}

function eventIdOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, event_id: eventId } = value as { type?: unknown; event_id?: unknown };
  return type === 'event_callback' && typeof eventId === 'string' && eventId !== '' ? eventId : null;
}

function problems(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
}

/**
 * Whether a (signed) request body is a Slack payload the bot can read, parsed the way Bolt's
 * receiver parses it (`querystring` for forms, so repeated fields are arrays and refused): form
 * bodies are a slash command, an `ssl_check`, or `payload=` JSON; other bodies are JSON. The
 * parsed body comes back to be handed to Bolt, which then neither reads nor parses it again.
 */
export function checkSlackBody(raw: string, contentType: string | undefined): SlackBodyCheck {
  const check = (schema: z.ZodType, value: unknown): SlackBodyCheck => {
    const parsed = schema.safeParse(value);
    return parsed.success ? { ok: true, body: value } : { ok: false, problems: problems(parsed.error) };
  };
  if (contentType?.split(';')[0]?.trim() === 'application/x-www-form-urlencoded') {
    const fields = parseForm(raw);
    if (fields.ssl_check) return { ok: true, body: fields };
    const payload = fields.payload;
    if (payload === undefined) return check(commandBody, fields);
    if (typeof payload !== 'string') return { ok: false, problems: ['payload: more than one'] };
    const json = parseJson(payload);
    return json.ok ? check(interaction, json.value) : { ok: false, problems: ['payload: not JSON'] };
  }
  const json = parseJson(raw);
  if (!json.ok) return { ok: false, problems: ['body: not JSON'] };
  const checked = check(eventBody, json.value);
  const eventId = eventIdOf(json.value);
  return checked.ok && eventId ? { ...checked, eventId } : checked;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Runs first on `/slack/events`, and is the only place a Slack request's signature is checked:
 * Bolt's receiver registers no route of its own there (`slack-app.ts`) and gets the body this
 * guard parsed. The checks are Bolt's, and stricter: HMAC-SHA256 `v0` over the raw bytes compared
 * in constant time (Bolt's own `isValidSlackRequest`), a timestamp at most five minutes old, and
 * (which Bolt does not check) at most five minutes ahead, as a future timestamp would stretch the
 * replay window. Anything that does not verify gets 401 before its body is looked at, so an
 * unsigned request learns nothing about the shapes. A correctly signed body that is not a Slack
 * payload gets 400: Bolt hands any JSON to its listeners, and a signed `null` made it throw (500,
 * and Slack retries).
 */
export function slackBodyGuard(signingSecret: string, log: AppLogger): RequestHandler[] {
  const read = express.raw({ type: () => true, limit: SLACK_BODY_LIMIT });
  const guard: RequestHandler = (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const body = raw.toString('utf8');
    const signature = req.headers['x-slack-signature'];
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (Number.isFinite(timestamp) && timestamp > nowSeconds + SLACK_SIGNATURE_WINDOW_SECONDS) {
      log.warn({ ahead: timestamp - nowSeconds }, 'slack: request timestamp in the future refused');
      return void res.status(401).send();
    }
    const signed =
      typeof signature === 'string' &&
      Number.isFinite(timestamp) &&
      isValidSlackRequest({
        signingSecret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      });
    if (!signed) {
      log.warn('slack: request whose signature does not verify refused');
      return void res.status(401).send();
    }
    const check = checkSlackBody(body, req.headers['content-type']);
    if (!check.ok) {
      log.warn({ problems: check.problems }, 'slack: signed request that is not a Slack payload refused');
      return void res.status(400).json({ error: 'invalid payload', problems: check.problems });
    }
    req.body = check.body;
    (req as SlackCheckedRequest).slackChecked = { eventId: check.eventId ?? null };
    next();
  };
  return [read, guard];
}
