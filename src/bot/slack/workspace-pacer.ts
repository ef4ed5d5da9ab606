/**
 * Posting pace per Slack workspace. The delivery worker already keeps one post a second per
 * channel; Slack also limits chat.postMessage across a whole workspace (its docs promise no
 * figure, "several hundred a minute" in practice), so a round to hundreds of channels, or a
 * reminder that sends dozens of direct messages, is spread out here. A 429 holds the whole
 * workspace for its Retry-After: whether Slack meant the channel or the workspace, nothing more
 * goes there before it said.
 *
 * A token bucket kept as a "theoretical arrival time" per workspace (GCRA): `burst` posts may go
 * at once, after that one per `60 000 / postsPerMinute` ms. Held in memory by one process, like
 * the worker's per-channel pacer; several replicas each keep their own pace, and a 429 that
 * results is honoured.
 *
 * @example
 * const pacer = createWorkspacePacer({ now: () => clock.now().getTime() });
 * const slot = await pacer.take('T0123', 250, deliveryId);
 * if (!slot.ok) return { status: 'paced', reason: 'slack: workspace pace', retryAfterMs: slot.retryAfterMs };
 */
export interface WorkspacePacer {
  /**
   * Waits for the workspace's next posting slot and takes it. When that slot is further away
   * than `maxWaitMs`, takes nothing and says how long to wait instead; with a `bookingKey` (a
   * delivery id) it books that slot for the key instead, and the next `take` with the same key
   * gets it. Booking is what lets one instance pace many workspaces side by side: a delivery
   * handed back until its booked slot no longer blocks the worker, so the next claims reach other
   * workspaces, and coming back it does not queue again behind the posts booked meanwhile.
   */
  take(
    teamId: string,
    maxWaitMs?: number,
    bookingKey?: string,
  ): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  /** Slack answered 429: nothing goes to this workspace for `ms`. */
  hold(teamId: string, ms: number): void;
}

export interface PacingOptions {
  /** Sustained posts per minute per workspace. Default 240. */
  postsPerMinute?: number;
  /** Posts that may go at once before pacing starts. Default 20. */
  burst?: number;
  /** Longest wait inside `take` before it hands back a retry instead. Default 3 seconds. */
  maxWaitMs?: number;
  /** Epoch ms; the composition root passes the injected clock. */
  now?: () => number;
  /** How to wait; tests move their fake clock instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PACING = { postsPerMinute: 240, burst: 20, maxWaitMs: 3_000 } as const;

export function createWorkspacePacer(options: PacingOptions = {}): WorkspacePacer {
  const interval = 60_000 / Math.max(1, options.postsPerMinute ?? DEFAULT_PACING.postsPerMinute);
  const tolerance = (Math.max(1, options.burst ?? DEFAULT_PACING.burst) - 1) * interval;
  const defaultMaxWait = options.maxWaitMs ?? DEFAULT_PACING.maxWaitMs;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const arrival = new Map<string, number>();
  const heldUntil = new Map<string, number>();
  /**
   * Booked slots by key: the epoch ms a handed-back post may go, and whether that slot is already
   * reserved among the posts that actually go (`sentArrival`).
   */
  const booked = new Map<string, { slot: number; reserved: boolean }>();
  /**
   * The same bucket over the posts that actually go. Booked posts come back when the worker next
   * claims them, which can be after their slot; several arriving together must not go at once
   * beyond the burst, or the workspace's own limit answers 429.
   */
  const sentArrival = new Map<string, number>();
  /**
   * The same bucket once more, over the moments posts really start, never reserved ahead: slots
   * reserved in advance all come due together when the process was busy or descheduled for a
   * while, and going together they would break the workspace's own limit (429, and the workspace
   * held for its Retry-After).
   */
  const wentArrival = new Map<string, number>();
  let prunedAt = 0;

  return {
    async take(teamId, maxWaitMs = defaultMaxWait, bookingKey) {
      const at = now();
      const held = Math.max(0, (heldUntil.get(teamId) ?? 0) - at);
      const booking = bookingKey === undefined ? undefined : booked.get(`${teamId}:${bookingKey}`);
      if (booking !== undefined) {
        const wait = Math.max(0, booking.slot - at, held);
        if (wait > maxWaitMs) return { ok: false, retryAfterMs: Math.ceil(wait) };
        booked.delete(`${teamId}:${bookingKey}`);
        return booking.reserved
          ? waitAndCheckHold(teamId, wait, maxWaitMs, bookingKey)
          : waitAndCheck(teamId, wait, maxWaitMs, bookingKey);
      }
      const tat = Math.max(arrival.get(teamId) ?? at, at);
      const wait = Math.max(0, tat - tolerance - at, held);
      if (wait > maxWaitMs && bookingKey === undefined) return { ok: false, retryAfterMs: Math.ceil(wait) };
      // Reserved before waiting, so posts waiting side by side each get their own slot.
      arrival.set(teamId, Math.max(tat, at + wait) + interval);
      if (wait > maxWaitMs) {
        forgetOldBookings(at);
        booked.set(`${teamId}:${bookingKey}`, { slot: at + wait, reserved: false });
        return { ok: false, retryAfterMs: Math.ceil(wait) };
      }
      return waitAndCheck(teamId, wait, maxWaitMs, bookingKey);
    },
    hold(teamId, ms) {
      heldUntil.set(teamId, Math.max(heldUntil.get(teamId) ?? 0, now() + Math.max(0, ms)));
    },
  };

  async function waitAndCheck(
    teamId: string,
    wait: number,
    maxWaitMs: number,
    bookingKey: string | undefined,
  ): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    const at = now();
    const sentTat = Math.max(sentArrival.get(teamId) ?? at, at);
    const delay = Math.max(wait, sentTat - tolerance - at);
    // Reserved before waiting or handing back, so posts side by side each get their own slot.
    if (delay > maxWaitMs && bookingKey === undefined) return { ok: false, retryAfterMs: Math.ceil(delay) };
    sentArrival.set(teamId, Math.max(sentTat, at + delay) + interval);
    if (delay > maxWaitMs) {
      // Came back late, behind others that did too: booked for its own next free slot.
      booked.set(`${teamId}:${bookingKey}`, { slot: at + delay, reserved: true });
      return { ok: false, retryAfterMs: Math.ceil(delay) };
    }
    return waitAndCheckHold(teamId, delay, maxWaitMs, bookingKey);
  }

  /**
   * Waits for a slot already reserved, then checks that no 429 came in meanwhile and that the
   * posts really starting keep the pace (`wentArrival`): a post that would go too soon after the
   * others waits a little more, or, past `maxWaitMs`, is booked for its turn and handed back.
   */
  async function waitAndCheckHold(
    teamId: string,
    delay: number,
    maxWaitMs: number,
    bookingKey: string | undefined,
  ): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    if (delay > 0) await sleep(Math.ceil(delay));
    for (let waited = 0; ;) {
      const at = now();
      // A 429 that came in while this post waited holds the workspace: no request before it ends.
      const held = (heldUntil.get(teamId) ?? 0) - at;
      if (held > 0) return { ok: false, retryAfterMs: Math.ceil(held) };
      const tat = Math.max(wentArrival.get(teamId) ?? at, at);
      const early = tat - tolerance - at;
      if (early <= 0) {
        wentArrival.set(teamId, tat + interval);
        return { ok: true };
      }
      if (waited + early > maxWaitMs) {
        if (bookingKey !== undefined) booked.set(`${teamId}:${bookingKey}`, { slot: at + early, reserved: true });
        return { ok: false, retryAfterMs: Math.ceil(early) };
      }
      await sleep(Math.ceil(early));
      waited += early;
    }
  }

  /** A booked post that never came back (another replica sent it, or it was skipped): drop its slot after a while, so the map stays small. */
  function forgetOldBookings(at: number): void {
    if (booked.size < 1_000 || at - prunedAt < BOOKING_KEPT_MS / 10) return;
    prunedAt = at;
    for (const [key, booking] of booked) if (booking.slot < at - BOOKING_KEPT_MS) booked.delete(key);
  }
}

const BOOKING_KEPT_MS = 10 * 60_000;
