import type { App, Receiver } from '@slack/bolt';

type ReceiverEvent = Parameters<App['processEvent']>[0];

/** What the wrapper needs of Bolt's SocketModeReceiver: it hands events to `app.processEvent`. */
export interface InnerReceiver {
  init(app: App): void;
  start(...args: unknown[]): Promise<unknown>;
  stop(...args: unknown[]): Promise<unknown>;
}

/**
 * A Socket Mode receiver whose acknowledgements wait for the listeners. Bolt calls `ack()` for
 * Events API events before it dispatches them, which over HTTP `processBeforeResponse` undoes;
 * Socket Mode has no such switch. The wrapper records the acknowledgement and sends it only once
 * processing ended without error. A failed event is not acknowledged, and Slack delivers it again.
 */
export function deferAcknowledgement(inner: InnerReceiver): Receiver {
  return {
    init(app) {
      const deferring = {
        async processEvent(event: ReceiverEvent) {
          let acked = false;
          let response: unknown;
          await app.processEvent({
            ...event,
            ack: async (body?: unknown) => {
              acked = true;
              response = body;
            },
          });
          if (acked) await event.ack(response as never);
        },
      };
      // The inner receiver only ever calls processEvent on what it is given.
      inner.init(deferring as unknown as App);
    },
    start: (...args: unknown[]) => inner.start(...args),
    stop: (...args: unknown[]) => inner.stop(...args),
  };
}
