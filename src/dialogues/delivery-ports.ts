import type { ChannelBinding, Identity, Locale, Person, Platform } from './model.js';
import type { OutgoingMessage } from './messages.js';

// The outgoing side of the domain: the delivery table every post goes through, and the port
// each chat platform implements. Re-exported by ports.ts.

// ---------------------------------------------------------------------------------------------
// Deliveries: every outgoing post is a row first, then a worker sends it.
// ---------------------------------------------------------------------------------------------

export type DeliveryPurpose = 'prompt' | 'reminder' | 'summary' | 'notice' | 'digest';
export type DeliveryTarget =
  { kind: 'channel'; bindingId: string } | { kind: 'person'; personId: string; platform: Platform };

/**
 * pending: waiting for its turn; sending: claimed by a worker (until `leaseUntil`);
 * sent: the platform has it; failed: gave up (shown to coordinators); unclear: may or may not
 * have been posted and the platform cannot tell us, so a coordinator decides; skipped: not sent
 * by policy (the round closed before the post could go out).
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unclear' | 'skipped';

export interface Delivery {
  id: string;
  organisationId: string;
  /** Unique: `round:<id>:prompt:<bindingId>`, `digest:<personId>:<week>`, … */
  dedupeKey: string;
  roundId: string | null;
  purpose: DeliveryPurpose;
  target: DeliveryTarget;
  message: OutgoingMessage;
  locale: Locale;
  /** The dedupe key of the delivery whose post this one answers in a thread. */
  threadOf: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  postedRef: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface DeliveryRepository {
  /** Returns false when a delivery with the same dedupe key exists already. */
  enqueue(delivery: Delivery): Promise<boolean>;
  get(organisationId: string, id: string): Promise<Delivery | null>;
  findByKey(organisationId: string, dedupeKey: string): Promise<Delivery | null>;
  list(organisationId: string, filter?: { statuses?: Delivery['status'][]; roundId?: string }): Promise<Delivery[]>;
  /**
   * system: claims up to `limit` deliveries that are pending and due, or sending with an expired
   * lease (a worker died mid-send). Claimed rows become `sending` with `attempts` + 1. Safe with
   * many workers at once (FOR UPDATE SKIP LOCKED).
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<Delivery[]>;
  markSent(id: string, postedRef: string, at: Date): Promise<void>;
  /** Back to pending after a failed attempt, to be tried at `nextAttemptAt`. */
  reschedule(id: string, nextAttemptAt: Date, error: string): Promise<void>;
  /**
   * Back to pending without counting the claim as an attempt (attempts - 1): used when the
   * worker holds a delivery back for pacing or because its thread parent is not posted yet.
   */
  release(id: string, nextAttemptAt: Date): Promise<void>;
  /** Ends a delivery as failed, unclear or skipped. */
  finish(id: string, status: 'failed' | 'unclear' | 'skipped', error: string): Promise<void>;
  /** A coordinator sends a failed or unclear delivery again. */
  requeue(organisationId: string, id: string, at: Date): Promise<boolean>;
  /** system: the round a thread belongs to, from the prompt post the thread hangs under. */
  findPromptByPost(bindingId: string, postedRef: string): Promise<Delivery | null>;
}

// ---------------------------------------------------------------------------------------------
// The chat-channel port: one per platform.
// ---------------------------------------------------------------------------------------------

export type Destination =
  | { kind: 'channel'; binding: ChannelBinding; threadRef: string | null }
  | { kind: 'person'; person: Person; identity: Identity };

export interface SendRequest {
  deliveryId: string;
  organisationId: string;
  purpose: DeliveryPurpose;
  locale: Locale;
  destination: Destination;
  message: OutgoingMessage;
  /** The organisation's time zone, when the worker read it already (a channel reads it itself otherwise). */
  timeZone?: string;
}

/**
 * retry: certainly not posted (429, refused connection); unclear: may have been posted
 * (timeout, 5xx); failed: will never work (channel gone, bot removed).
 */
export type SendOutcome =
  | { status: 'sent'; postedRef: string }
  | { status: 'retry'; reason: string; retryAfterMs?: number }
  /** Nothing was sent (the platform's pace says not yet): hand it back until then, no attempt counted. */
  | { status: 'paced'; reason: string; retryAfterMs: number }
  | { status: 'unclear'; reason: string; retryAfterMs?: number }
  | { status: 'failed'; reason: string };

export type PostedCheck = { posted: true; postedRef: string } | { posted: false } | { posted: 'unknown' };

export interface ChatChannel {
  readonly platform: Platform;
  send(request: SendRequest): Promise<SendOutcome>;
  /**
   * Whether an earlier attempt of this delivery reached the platform (Slack: message metadata
   * carrying the delivery id, read back from the channel). Adapters that cannot tell omit it,
   * and an unclear attempt is then handed to a coordinator instead of being posted twice.
   */
  findPosted?(request: SendRequest): Promise<PostedCheck>;
  /** The least time between two posts to one channel, as the platform allows. */
  readonly perChannelIntervalMs?: number;
  /**
   * The people in a bound channel, bots left out, as the platform knows them: after a round's
   * reminder is posted in the channel, each of them who has not answered gets a personal
   * reminder, a delivery of its own (`member-reminders.ts`). Slack has it (a channel's members are
   * known to Slack, not to the store); platforms whose team members are in the store omit it.
   */
  members?(binding: ChannelBinding): Promise<ChannelMember[]>;
}

/** Someone in a platform channel, as `ChatChannel.members` reports them. */
export interface ChannelMember {
  userId: string;
  displayName: string;
  locale: Locale | null;
}
