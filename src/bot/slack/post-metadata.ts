import { z } from 'zod';

/** The metadata every bot post carries, so an unclear attempt can be found in the channel later. */
export const METADATA_EVENT_TYPE = 'vijfvragen_delivery';

/** A page of conversations.history or conversations.replies, read with include_all_metadata. */
export const historyPage = z.object({
  messages: z
    .array(
      z.object({
        ts: z.string(),
        metadata: z
          .object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() })
          .optional(),
      }),
    )
    .default([]),
});

export type HistoryMessage = z.infer<typeof historyPage>['messages'][number];

/** The delivery a bot post was made for, from its metadata; null for any other message. */
export function postedDeliveryId(message: HistoryMessage | undefined): string | null {
  const metadata = message?.metadata;
  if (metadata?.event_type !== METADATA_EVENT_TYPE) return null;
  const id = metadata.event_payload?.delivery_id;
  return typeof id === 'string' ? id : null;
}
