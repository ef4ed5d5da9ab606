import type { DialogueDeps } from '../deps.js';
import type { NoticeMessage } from '../messages.js';
import { newDelivery } from '../open-round.js';
import { localDate } from '../time-zone.js';

// Today's date there: an action is overdue once its due day has passed in its organisation's zone.

/**
 * Reminds each team once about each action whose due date has passed and that is still open or
 * in progress: a notice in every channel of the team. The delivery's unique key (per action and
 * due date) and `remindedAt` make it once, however many processes tick. Returns how many
 * actions were reminded.
 */
export async function remindOverdueActions(deps: DialogueDeps): Promise<number> {
  const { store, clock } = deps;
  const now = clock.now();
  let reminded = 0;
  for (const organisation of await store.organisations.list()) {
    const overdue = await store.actions.listOverdue(organisation.id, localDate(now, organisation.timeZone));
    for (const action of overdue) {
      const bindings = await store.bindings.listByTeam(organisation.id, action.teamId);
      const owner = action.ownerPersonId ? await store.people.get(organisation.id, action.ownerPersonId) : null;
      const message: NoticeMessage = {
        kind: 'notice',
        code: 'action_overdue',
        params: { id: action.id, title: action.title, due: action.dueOn ?? '', owner: owner?.displayName ?? '–' },
      };
      const enqueued = await store.transaction(async (tx) => {
        let count = 0;
        for (const binding of bindings) {
          const fresh = await tx.deliveries.enqueue(
            newDelivery(deps, {
              organisationId: organisation.id,
              dedupeKey: `action:${action.id}:overdue:${action.dueOn ?? ''}:${binding.id}`,
              roundId: action.roundId,
              purpose: 'notice',
              target: { kind: 'channel', bindingId: binding.id },
              message,
              locale: organisation.locale,
              threadOf: null,
            }),
          );
          if (fresh) count += 1;
        }
        await tx.actions.update(organisation.id, action.id, { remindedAt: now, updatedAt: action.updatedAt });
        return count;
      });
      if (enqueued > 0) reminded += 1;
    }
  }
  if (reminded > 0) {
    deps.onEnqueued?.();
    deps.log.info({ reminded }, 'overdue actions reminded');
  }
  return reminded;
}
