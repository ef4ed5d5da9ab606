import { authorize, teamContext } from './access.js';
import { authorToken } from './author-token.js';
import type { DialogueDeps } from './deps.js';
import type { ReminderMessage } from './messages.js';
import type { Round } from './model.js';
import { newDelivery, promptKey } from './open-round.js';
import { isQuietTime } from './quiet-hours.js';
import { fail, ok, type Result } from './result.js';
import { summarizeRound } from './round-summary.js';

/**
 * Closes every round whose window has ended and posts its summary in each prompt's thread.
 * Safe with many processes: only the one whose conditional update wins posts the summary.
 */
export async function closeDueRounds(deps: DialogueDeps): Promise<number> {
  const now = deps.clock.now();
  let closed = 0;
  for (const round of await deps.store.rounds.listDueToClose(now)) {
    if (await closeOne(deps, round)) closed += 1;
  }
  return closed;
}

/** A coordinator closes a round before its window ends. */
export async function closeRound(deps: DialogueDeps, organisationId: string, roundId: string, actorPersonId: string): Promise<Result<Round>> {
  const round = await deps.store.rounds.get(organisationId, roundId);
  if (!round) return fail('round.not_found');
  const team = await deps.store.teams.get(organisationId, round.teamId);
  if (!team) return fail('team.not_found');
  const allowed = await authorize(deps.store, organisationId, actorPersonId, 'trigger', teamContext(team));
  if (!allowed.ok) return allowed;
  if (round.status === 'closed') return fail('round.closed', { theme: round.theme || team.name });
  await closeOne(deps, round, actorPersonId);
  return ok({ ...round, status: 'closed', closedAt: deps.clock.now() });
}

async function closeOne(deps: DialogueDeps, round: Round, actorPersonId: string | null = null): Promise<boolean> {
  const now = deps.clock.now();
  const won = await deps.store.transaction(async (tx) => {
    if (!(await tx.rounds.markClosed(round.organisationId, round.id, now))) return false;
    const team = await tx.teams.get(round.organisationId, round.teamId);
    const replies = await tx.replies.listByRound(round.organisationId, round.id);
    const actions = (await tx.actions.listByTeam(round.organisationId, round.teamId)).filter((a) => a.roundId === round.id);
    const summary = summarizeRound(round, team?.name ?? '', replies, actions.length);
    const locale = (await tx.organisations.get(round.organisationId))?.locale ?? 'nl';
    for (const binding of await tx.bindings.listByTeam(round.organisationId, round.teamId)) {
      await tx.deliveries.enqueue(newDelivery(deps, {
        organisationId: round.organisationId,
        dedupeKey: `round:${round.id}:summary:${binding.id}`,
        roundId: round.id,
        purpose: 'summary',
        target: { kind: 'channel', bindingId: binding.id },
        message: summary,
        locale,
        threadOf: promptKey(round.id, binding.id),
      }));
    }
    if (actorPersonId) {
      await tx.audit.record({ organisationId: round.organisationId, actorPersonId, action: 'round.closed', subject: `round:${round.id}`, details: {}, at: now });
    }
    return true;
  });
  if (won) {
    deps.onEnqueued?.();
    deps.log.info({ roundId: round.id }, 'round closed');
  }
  return won;
}

/**
 * Reminds each due round once, in the prompt's thread, outside quiet hours. Adapters that can
 * reach people directly (Slack) use `nonResponders` to nudge only those who did not answer.
 */
export async function remindDueRounds(deps: DialogueDeps): Promise<number> {
  const now = deps.clock.now();
  let reminded = 0;
  for (const round of await deps.store.rounds.listDueToRemind(now)) {
    const organisation = await deps.store.organisations.get(round.organisationId);
    if (isQuietTime(now, organisation?.timeZone ?? 'Europe/Amsterdam')) continue;
    const won = await deps.store.transaction(async (tx) => {
      if (!(await tx.rounds.markReminded(round.organisationId, round.id, now))) return false;
      const team = await tx.teams.get(round.organisationId, round.teamId);
      const message: ReminderMessage = { kind: 'round.reminder', roundId: round.id, teamName: team?.name ?? '', theme: round.theme, closesAt: round.closesAt.toISOString() };
      for (const binding of await tx.bindings.listByTeam(round.organisationId, round.teamId)) {
        await tx.deliveries.enqueue(newDelivery(deps, {
          organisationId: round.organisationId,
          dedupeKey: `round:${round.id}:reminder:${binding.id}`,
          roundId: round.id,
          purpose: 'reminder',
          target: { kind: 'channel', bindingId: binding.id },
          message,
          locale: organisation?.locale ?? 'nl',
          threadOf: promptKey(round.id, binding.id),
        }));
      }
      return true;
    });
    if (won) reminded += 1;
  }
  if (reminded > 0) deps.onEnqueued?.();
  return reminded;
}

/** Of the given people, those who have not answered the round yet (works for anonymous rounds too). */
export async function nonResponders(deps: DialogueDeps, round: Round, personIds: readonly string[]): Promise<string[]> {
  const replies = await deps.store.replies.listByRound(round.organisationId, round.id);
  const answered = new Set(replies.map((r) => r.authorToken));
  return personIds.filter((id) => !answered.has(authorToken(deps.tokenSecret, round.id, id)));
}
