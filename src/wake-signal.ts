/**
 * A signal wired after the thing that fires it was built: the use cases' dependencies are built
 * (and frozen) before the delivery worker exists, because the channel modules the worker posts
 * through need those dependencies first. `DialogueDeps.onEnqueued` fires this signal; the
 * composition root connects the worker's nudge once the worker runs. Until then, and after
 * `disconnect`, firing does nothing (the worker's poll still finds the posts).
 *
 * @example
 * const enqueued = createWakeSignal();
 * const deps = Object.freeze({ ...parts, onEnqueued: enqueued.fire });
 * enqueued.connect(() => delivery.nudge());
 */
export interface WakeSignal {
  readonly fire: () => void;
  connect(listener: () => void): void;
  disconnect(): void;
}

export function createWakeSignal(): WakeSignal {
  let listener: (() => void) | null = null;
  return Object.freeze({
    fire: () => listener?.(),
    connect: (next: () => void) => void (listener = next),
    disconnect: () => void (listener = null),
  });
}
