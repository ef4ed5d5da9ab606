import type { DialogueDeps } from './deps.js';

/**
 * What only the operator (the `vijfvragen` CLI, acting for no person) changes directly. Chat and
 * web users have their own use cases for these, with permission checks and audit rows.
 */
export type OperatorActionDeps = Pick<DialogueDeps, 'store' | 'clock'>;

/** Removes one digest subscription; false when there is none with that id. */
export function removeDigestSubscription(
  deps: OperatorActionDeps,
  organisationId: string,
  subscriptionId: string,
): Promise<boolean> {
  return deps.store.digests.removeSubscription(organisationId, subscriptionId);
}

/** Queues a failed or unclear delivery again, due now; false when it is neither (or does not exist). */
export function retryDelivery(deps: OperatorActionDeps, organisationId: string, deliveryId: string): Promise<boolean> {
  return deps.store.deliveries.requeue(organisationId, deliveryId, deps.clock.now());
}
