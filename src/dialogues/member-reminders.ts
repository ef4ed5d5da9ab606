import type { DialogueDeps } from './deps.js';
import type { ChannelBinding } from './model.js';
import { newDelivery } from './open-round.js';
import { resolvePerson } from './people.js';
import type { ChatChannel, Delivery } from './ports.js';
import { nonResponders, personalReminderKey } from './round-lifecycle.js';

/**
 * After a round's reminder was posted in a channel whose platform knows the channel's members
 * (Slack), enqueues a personal reminder for each member who has not answered: one delivery per
 * person, like Teams' personal reminders, so each is paced, retried, checked after an unclear
 * failure and shown on the dashboard's delivery list. Someone the bot never met is registered as
 * a person first (the reminder needs a person to be addressed to, and being in a bound channel
 * is what makes someone part of the dialogue). The dedupe key is the one Teams' reminders use,
 * so nobody gets two, however often this runs. Whether a person answered meanwhile and quiet
 * hours are checked again when each reminder goes out (`personalReminderHold`).
 *
 * @example
 * // in the delivery worker, once a channel reminder is sent
 * await remindChannelMembers(deps, channel, delivery, destination.binding);
 */
export async function remindChannelMembers(
  deps: DialogueDeps,
  channel: ChatChannel,
  delivery: Delivery,
  binding: ChannelBinding,
): Promise<number> {
  if (delivery.purpose !== 'reminder' || delivery.target.kind !== 'channel' || delivery.roundId === null) return 0;
  if (delivery.message.kind !== 'round.reminder' || !channel.members) return 0;
  const round = await deps.store.rounds.get(delivery.organisationId, delivery.roundId);
  if (!round || round.status !== 'open') return 0;
  const people = new Map<string, { locale: Delivery['locale'] }>();
  for (const member of await channel.members(binding)) {
    const person = await resolvePerson(deps, {
      organisationId: delivery.organisationId,
      platform: binding.platform,
      workspaceId: binding.workspaceId,
      userId: member.userId,
      displayName: member.displayName,
      ...(member.locale ? { locale: member.locale } : {}),
    });
    people.set(person.id, { locale: person.locale });
  }
  let enqueued = 0;
  for (const personId of await nonResponders(deps, round, [...people.keys()])) {
    const added = await deps.store.deliveries.enqueue(
      newDelivery(deps, {
        organisationId: round.organisationId,
        dedupeKey: personalReminderKey(round.id, personId),
        roundId: round.id,
        purpose: 'reminder',
        target: { kind: 'person', personId, platform: binding.platform },
        message: delivery.message,
        locale: people.get(personId)?.locale ?? delivery.locale,
        threadOf: null,
      }),
    );
    if (added) enqueued += 1;
  }
  if (enqueued > 0) {
    deps.log.info({ roundId: round.id, bindingId: binding.id, enqueued }, 'round: channel members reminded');
    deps.onEnqueued?.();
  }
  return enqueued;
}
