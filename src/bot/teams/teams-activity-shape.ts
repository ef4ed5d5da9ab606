import { z } from 'zod';

/** Longest message text accepted at the edge; Teams itself caps a message at about 28 KB. */
export const MAX_ACTIVITY_TEXT = 100_000;

const id = z.string().min(1).max(1024);
const account = z.looseObject({
  id,
  name: z.string().max(1024).optional(),
  aadObjectId: z.string().max(256).optional(),
});
const serviceUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL');

/**
 * The envelope every Bot Framework activity carries, checked before botbuilder sees the body.
 * botbuilder's own check throws on a missing `type` (a 500) and reads nothing else, so a body
 * without `from` or `conversation` was accepted with 200 and silently dropped. Fields the bot
 * reads are typed here; anything else passes through untouched for botbuilder.
 */
const envelope = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(1024).optional(),
  serviceUrl,
  channelId: z.string().max(256).optional(),
  timestamp: z.string().max(64).optional(),
  localTimestamp: z.string().max(64).optional(),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id,
    tenantId: z.string().max(256).optional(),
    conversationType: z.string().max(64).optional(),
    isGroup: z.boolean().optional(),
  }),
  channelData: z.record(z.string(), z.unknown()).optional(),
  locale: z.string().max(64).optional(),
  text: z.string().max(MAX_ACTIVITY_TEXT).optional(),
  replyToId: z.string().max(1024).optional(),
  entities: z.array(z.unknown()).max(1000).optional(),
  attachments: z.array(z.unknown()).max(100).optional(),
  name: z.string().max(256).optional(),
});

export type ActivityShape = { ok: true; activity: Record<string, unknown> } | { ok: false; problems: string[] };

/**
 * Whether a request body is a Bot Framework activity the bot can read. A message needs something
 * to read: text, a card's submitted value, or attachments.
 */
export function checkActivityShape(body: unknown): ActivityShape {
  const parsed = envelope.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
    };
  const a = parsed.data;
  if (
    a.type === 'message' &&
    a.text === undefined &&
    a.attachments === undefined &&
    (typeof a.value !== 'object' || a.value === null)
  ) {
    return { ok: false, problems: ['text: a message needs text, a value or attachments'] };
  }
  return { ok: true, activity: a };
}
