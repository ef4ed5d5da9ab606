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
 * const slot = await pacer.take('T0123');
 * if (!slot.ok) return { status: 'retry', reason: 'slack: workspace pace', retryAfterMs: slot.retryAfterMs };
 */
export interface WorkspacePacer {
  /**
   * Waits for the workspace's next posting slot and takes it. When that slot is further away
   * than `maxWaitMs`, takes nothing and says how long to wait instead.
   */
  take(teamId: string, maxWaitMs?: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
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

  return {
    async take(teamId, maxWaitMs = defaultMaxWait) {
      const at = now();
      const tat = Math.max(arrival.get(teamId) ?? at, at);
      const wait = Math.max(0, tat - tolerance - at, (heldUntil.get(teamId) ?? 0) - at);
      if (wait > maxWaitMs) return { ok: false, retryAfterMs: Math.ceil(wait) };
      // Reserved before waiting, so posts waiting side by side each get their own slot.
      arrival.set(teamId, Math.max(tat, at + wait) + interval);
      if (wait > 0) await sleep(Math.ceil(wait));
      // A 429 that came in while this post waited holds the workspace: no request before it ends.
      const held = (heldUntil.get(teamId) ?? 0) - now();
      if (held > 0) return { ok: false, retryAfterMs: Math.ceil(held) };
      return { ok: true };
    },
    hold(teamId, ms) {
      heldUntil.set(teamId, Math.max(heldUntil.get(teamId) ?? 0, now() + Math.max(0, ms)));
    },
  };
}
