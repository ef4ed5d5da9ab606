import type { ChatChannel, PostedCheck, SendOutcome, SendRequest, Store } from '../../dialogues/ports.js';

/**
 * The local web channel as a ChatChannel. Posting is recording: a delivery counts as posted in the
 * web channel once it is marked sent, and the pages read the channel's posts back from the
 * deliveries. So `send` cannot fail half-way, and `findPosted` can always tell.
 */
export function createWebChannel(store: Store): ChatChannel {
  return {
    platform: 'web',
    async send(request: SendRequest): Promise<SendOutcome> {
      return { status: 'sent', postedRef: `web:${request.deliveryId}` };
    },
    async findPosted(request: SendRequest): Promise<PostedCheck> {
      const delivery = await store.deliveries.get(request.organisationId, request.deliveryId);
      return delivery?.status === 'sent' && delivery.postedRef
        ? { posted: true, postedRef: delivery.postedRef }
        : { posted: false };
    },
  };
}
