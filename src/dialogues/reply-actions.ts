import type { DialogueDeps } from './deps.js';
import { MAX_TITLE_CHARS } from './limits.js';
import type { Reply, Round } from './model.js';
import type { Store } from './ports.js';

/** "Wat doen we ermee?" answers become action candidates the team follows up. */
export async function createActionFromReply(
  deps: DialogueDeps,
  store: Store,
  round: Round,
  reply: Reply,
): Promise<void> {
  if (!becomesAction(reply)) return;
  const now = deps.clock.now();
  await store.actions.create({
    id: deps.newId(),
    organisationId: round.organisationId,
    teamId: round.teamId,
    roundId: round.id,
    replyId: reply.id,
    title: actionTitle(reply.text),
    ownerPersonId: null,
    dueOn: null,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    remindedAt: null,
  });
}

/** Whether storing this reply also creates an action. */
export function becomesAction(reply: Pick<Reply, 'questionKey'>): boolean {
  return reply.questionKey === 'next_steps';
}

export async function syncActionTitle(deps: DialogueDeps, store: Store, reply: Reply, text: string): Promise<void> {
  if (reply.questionKey !== 'next_steps') return;
  const actions = await store.actions.listByTeam(
    reply.organisationId,
    (await store.rounds.get(reply.organisationId, reply.roundId))?.teamId ?? '',
    ['open'],
  );
  const action = actions.find((a) => a.replyId === reply.id);
  if (action)
    await store.actions.update(reply.organisationId, action.id, {
      title: actionTitle(text),
      updatedAt: deps.clock.now(),
    });
}

export function actionTitle(text: string): string {
  const firstLine =
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? text.trim();
  return firstLine.length > MAX_TITLE_CHARS ? `${firstLine.slice(0, MAX_TITLE_CHARS - 1)}…` : firstLine;
}
