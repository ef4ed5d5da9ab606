import type { DialogueDeps } from '../dialogues/deps.js';
import { deliverDue, type DeliveryOptions } from '../dialogues/deliver-due.js';
import { createPacer } from '../dialogues/delivery-policy.js';
import type { Platform } from '../dialogues/model.js';
import type { ChatChannel } from '../dialogues/ports.js';

export interface DeliveryLoopOptions extends DeliveryOptions {
  /** How often the worker looks for due deliveries when nobody nudges it. Default 1 second. */
  pollMs?: number;
}

export interface DeliveryLoop {
  /** Look for due deliveries soon (right after the batch in flight); wire it to `DialogueDeps.onEnqueued`. */
  nudge(): void;
  /** No new batches; resolves once the batch in flight has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `deliverDue` in a loop: every `pollMs`, at once when nudged, and straight again while
 * batches come back full. Real timers only pace the loop; every decision about a delivery (is
 * it due, how long to back off) is made by `deliverDue` on `deps.clock`. The in-flight batch
 * is never overlapped, so one process never races itself for the same conversation.
 *
 * @example
 * const delivery = startDeliveryLoop(deps, channels, { pollMs: config.deliveryPollMs });
 * deps.onEnqueued = () => delivery.nudge();
 */
export function startDeliveryLoop(deps: DialogueDeps, channels: ReadonlyMap<Platform, ChatChannel>, options: DeliveryLoopOptions = {}): DeliveryLoop {
  const pollMs = options.pollMs ?? 1_000;
  const batch = options.batch ?? 25;
  // One pacer for the life of the loop: it remembers per conversation when the next post may go.
  const deliveryOptions: DeliveryOptions = { ...options, batch, pacer: options.pacer ?? createPacer() };
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
        full = (await deliverDue(deps, channels, deliveryOptions)).claimed >= batch;
      } catch (error) {
        // The database is away; the next poll tries again.
        deps.log.error({ err: error }, 'delivery: batch failed');
      }
    })();
    await inFlight;
    inFlight = null;
    schedule(full || nudged ? 0 : pollMs);
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
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
  };
}
