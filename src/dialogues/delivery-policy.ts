import type { Round } from './model.js';
import type { Delivery, Destination } from './ports.js';

/**
 * The delivery worker's rules, kept apart from its flow so each can be read (and tested) on
 * its own: how long to back off, when a post is no longer worth sending, and how fast one
 * channel may be posted to.
 */

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 10 * 60_000;

/**
 * Exponential backoff from the attempt number: 1 s, 2 s, 4 s … capped at 10 minutes, plus up
 * to a quarter on top as jitter, so many deliveries that failed together (a platform outage)
 * do not all come back in the same second. Jitter only adds: a retry never comes sooner than
 * its step.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.min(BACKOFF_CAP_MS, Math.round(step * (1 + 0.25 * random())));
}

/** The platform's Retry-After is a floor, never shortened by our own backoff. */
export function retryDelayMs(attempts: number, retryAfterMs: number | undefined, random?: () => number): number {
  return Math.max(retryAfterMs ?? 0, backoffMs(attempts, random));
}

/**
 * Why a delivery should no longer be sent, or null to send it.
 * - A prompt or reminder for a round that has closed (or is gone) would ask for answers that
 *   can no longer be given; the closing summary says what there is to say.
 * - A reminder or notice that waited longer than `staleAfterMs` (an outage) is old news.
 * Summaries and digests are always sent: they report, and stay true however late.
 */
export function staleReason(delivery: Delivery, round: Round | null, now: Date, staleAfterMs: number): string | null {
  if ((delivery.purpose === 'prompt' || delivery.purpose === 'reminder') && delivery.roundId !== null) {
    if (round === null) return 'stale: round no longer exists';
    if (round.status === 'closed' || round.closesAt.getTime() <= now.getTime())
      return `stale: ${delivery.purpose} for a closed round`;
  }
  if (
    (delivery.purpose === 'reminder' || delivery.purpose === 'notice') &&
    now.getTime() - delivery.createdAt.getTime() > staleAfterMs
  ) {
    return `stale: ${delivery.purpose} waited longer than ${Math.round(staleAfterMs / 60_000)} minutes`;
  }
  return null;
}

/** One platform conversation: what a platform's per-channel rate limit counts. */
export function conversationKey(destination: Destination): string {
  return destination.kind === 'channel'
    ? `${destination.binding.platform}:${destination.binding.workspaceId}:${destination.binding.channelId}`
    : `${destination.identity.platform}:${destination.identity.workspaceId}:user:${destination.identity.userId}`;
}

/**
 * When the next post to each conversation may go out. Held in memory by one worker process:
 * pacing is about not hammering a platform from here, and a restart that forgets it costs at
 * most one early post, which the platform answers with a Retry-After we then honour.
 */
export interface Pacer {
  /** Epoch ms before which nothing may be posted to `key`; 0 when free. */
  allowedAt(key: string): number;
  /** Records a post at `at`: the next one waits `intervalMs`. */
  posted(key: string, at: Date, intervalMs: number): void;
  /** Holds the whole conversation back for `ms` from `at` (the platform said Retry-After). */
  hold(key: string, at: Date, ms: number): void;
  /** Puts back what `allowedAt` said before a post that did not go after all (paced). */
  reset(key: string, allowedAt: number): void;
}

const PRUNE_ABOVE = 10_000;

export function createPacer(): Pacer {
  const next = new Map<string, number>();
  const push = (key: string, now: number, until: number): void => {
    next.set(key, Math.max(next.get(key) ?? 0, until));
    if (next.size > PRUNE_ABOVE) {
      // Times already past hold nothing back; dropping them keeps the map small.
      for (const [k, v] of next) if (v <= now) next.delete(k);
    }
  };
  return {
    allowedAt: (key) => next.get(key) ?? 0,
    posted: (key, at, intervalMs) => push(key, at.getTime(), at.getTime() + Math.max(0, intervalMs)),
    hold: (key, at, ms) => push(key, at.getTime(), at.getTime() + Math.max(0, ms)),
    reset: (key, allowedAt) => {
      if (allowedAt > 0) next.set(key, allowedAt);
      else next.delete(key);
    },
  };
}
