import type { DialogueDeps } from '../dialogues/deps.js';
import { deliverDue, type DeliveryOptions } from '../dialogues/deliver-due.js';
import { createPacer } from '../dialogues/delivery-policy.js';
import type { Platform } from '../dialogues/model.js';
import type { ChatChannel, Delivery } from '../dialogues/ports.js';

export interface DeliveryLoopOptions extends DeliveryOptions {
  /** How often the worker looks for due deliveries when nobody nudges it. Default 1 second. */
  pollMs?: number;
}

/** A held post goes with the batch that starts this close before its slot (it waits out the rest). */
const CARRY_EARLY_MS = 20;

export interface DeliveryLoop {
  /** Look for due deliveries soon (right after the batch in flight); connect it to the signal `DialogueDeps.onEnqueued` fires. */
  nudge(): void;
  /**
   * No new batches; the posts already being sent finish, the rest of the batch in flight is handed
   * back (pending, no attempt counted). Resolves once that is done.
   */
  stop(): Promise<void>;
}

/**
 * Runs `deliverDue` in a loop: every `pollMs`, at once when nudged, and straight again while
 * batches come back full. Real timers only pace the loop; every decision about a delivery (is
 * it due, how long to back off) is made by `deliverDue` on `deps.clock`. The in-flight batch
 * is never overlapped, so one process never races itself for the same conversation.
 *
 * A post the platform's pace booked a slot for is held here, still claimed, and goes with the
 * first batch at its slot (the loop wakes for it) instead of being handed back and claimed again;
 * stopping hands the held posts back.
 *
 * @example
 * const delivery = startDeliveryLoop(deps, channels, { pollMs: config.deliveryPollMs });
 * enqueued.connect(() => delivery.nudge()); // the signal `deps.onEnqueued` fires (see wake-signal.ts)
 */
export function startDeliveryLoop(
  deps: DialogueDeps,
  channels: ReadonlyMap<Platform, ChatChannel>,
  options: DeliveryLoopOptions = {},
): DeliveryLoop {
  const pollMs = options.pollMs ?? 1_000;
  const batch = options.batch ?? 25;
  // One pacer for the life of the loop: it remembers per conversation when the next post may go.
  const stopping = new AbortController();
  /** Paced posts kept claimed until their slot (epoch ms on `deps.clock`). */
  let held: { delivery: Delivery; until: number }[] = [];
  const deliveryOptions: DeliveryOptions = {
    ...options,
    batch,
    pacer: options.pacer ?? createPacer(),
    signal: stopping.signal,
    hold: (delivery, until) => held.push({ delivery, until: until.getTime() }),
  };
  /** The held posts whose slot has come (or nearly), taken out of `held`. */
  const dueHeld = (): Delivery[] => {
    const by = deps.clock.now().getTime() + CARRY_EARLY_MS;
    const due = held.filter((h) => h.until <= by).map((h) => h.delivery);
    if (due.length > 0) held = held.filter((h) => h.until > by);
    return due;
  };
  /** How long until the next held post's slot, or the poll interval when that is sooner. */
  const nextWake = (): number => {
    let wake = pollMs;
    const now = deps.clock.now().getTime();
    for (const h of held) wake = Math.min(wake, Math.max(0, h.until - CARRY_EARLY_MS - now));
    return wake;
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let nudged = false;
  let stopped = false;

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void runBatch(), delayMs);
  };

  const runBatch = async (): Promise<void> => {
    timer = null;
    if (stopped || inFlight) return;
    nudged = false;
    let full = false;
    inFlight = (async () => {
      try {
        full = (await deliverDue(deps, channels, { ...deliveryOptions, carried: dueHeld() })).claimed >= batch;
      } catch (error) {
        // The database is away; the next poll tries again.
        deps.log.error({ err: error }, 'delivery: batch failed');
      }
    })();
    await inFlight;
    inFlight = null;
    schedule(full || nudged ? 0 : nextWake());
  };

  schedule(0);
  return {
    nudge() {
      if (stopped) return;
      if (inFlight) nudged = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await inFlight;
      // Not started, so certainly not posted: pending again at their slot, no attempt counted.
      for (const { delivery, until } of held.splice(0)) {
        try {
          await deps.store.deliveries.release(delivery.id, new Date(until));
        } catch (error) {
          deps.log.error(
            { deliveryId: delivery.id, err: error },
            'delivery: held post not handed back; left to its lease',
          );
        }
      }
    },
  };
}
