import { authorize, teamContext } from './access.js';
import { authorToken } from './author-token.js';
import type { DialogueDeps } from './deps.js';
import type { ReminderMessage } from './messages.js';
import { DEFAULT_MIN_GROUP_SIZE } from './limits.js';
import type { ChannelBinding, Locale, Platform, Reply, Round } from './model.js';
import { newDelivery, promptKey } from './open-round.js';
import type { Delivery } from './ports.js';
import { isQuietTime, quietUntil } from './quiet-hours.js';
import { fail, ok, type Result } from './result.js';
import { summarizeRound, type SummaryOptions } from './round-summary.js';
import { DEFAULT_TIME_ZONE } from './time-zone.js';

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
export async function closeRound(
  deps: DialogueDeps,
  organisationId: string,
  roundId: string,
  actorPersonId: string,
): Promise<Result<Round>> {
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
    const actions = (await tx.actions.listByTeam(round.organisationId, round.teamId)).filter(
      (a) => a.roundId === round.id,
    );
    const summary = summarizeRound(
      round,
      team?.name ?? '',
      replies,
      actions.length,
      await summaryOptions({ ...deps, store: tx }, round, replies),
    );
    const locale = (await tx.organisations.get(round.organisationId))?.locale ?? 'nl';
    const bindings = await tx.bindings.listByTeam(round.organisationId, round.teamId);
    await enqueueSummaryPosts({ ...deps, store: tx }, round, bindings, summary, locale, 'summary');
    if (actorPersonId) {
      await tx.audit.record({
        organisationId: round.organisationId,
        actorPersonId,
        action: 'round.closed',
        subject: `round:${round.id}`,
        details: {},
        at: now,
      });
    }
    return true;
  });
  if (won) {
    deps.onEnqueued?.();
    deps.log.info({ roundId: round.id }, 'round closed');
  }
  return won;
}

/** Authors' names and the minimum group size, as the summary needs them; `deps.store` may be a transaction's. */
export async function summaryOptions(
  deps: DialogueDeps,
  round: Round,
  replies: readonly Reply[],
  interim = false,
): Promise<SummaryOptions> {
  const names = new Map<string, string>();
  if (!round.anonymous && round.audience === 'team') {
    for (const id of new Set(replies.flatMap((r) => (r.authorPersonId ? [r.authorPersonId] : [])))) {
      const person = await deps.store.people.get(round.organisationId, id);
      if (person) names.set(id, person.displayName);
    }
  }
  const minGroupSize =
    (await deps.store.digests.minGroupSize(round.organisationId)) ?? deps.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  return { names, minGroupSize, interim };
}

/**
 * Reminds each due round once, in the prompt's thread, outside quiet hours; on the platforms in
 * PERSONAL_REMINDER_PLATFORMS each team member who has not answered also gets a reminder in
 * their personal chat, as a delivery of its own. On Slack, whose channel members only Slack
 * knows, the delivery worker enqueues those personal reminders once the thread reminder is posted
 * (`member-reminders.ts`).
 */
export async function remindDueRounds(deps: DialogueDeps): Promise<number> {
  const now = deps.clock.now();
  let reminded = 0;
  for (const round of await deps.store.rounds.listDueToRemind(now)) {
    const organisation = await deps.store.organisations.get(round.organisationId);
    if (isQuietTime(now, organisation?.timeZone ?? DEFAULT_TIME_ZONE)) continue;
    const won = await deps.store.transaction(async (tx) => {
      if (!(await tx.rounds.markReminded(round.organisationId, round.id, now))) return false;
      const team = await tx.teams.get(round.organisationId, round.teamId);
      const message: ReminderMessage = {
        kind: 'round.reminder',
        roundId: round.id,
        teamName: team?.name ?? '',
        theme: round.theme,
        closesAt: round.closesAt.toISOString(),
      };
      const bindings = await tx.bindings.listByTeam(round.organisationId, round.teamId);
      for (const binding of bindings) {
        await tx.deliveries.enqueue(
          newDelivery(deps, {
            organisationId: round.organisationId,
            dedupeKey: `round:${round.id}:reminder:${binding.id}`,
            roundId: round.id,
            purpose: 'reminder',
            target: { kind: 'channel', bindingId: binding.id },
            message,
            locale: organisation?.locale ?? 'nl',
            threadOf: promptKey(round.id, binding.id),
          }),
        );
      }
      await enqueuePersonalReminders({ ...deps, store: tx }, round, message, bindings);
      if (round.shareWhileOpen)
        await enqueueInterimSummary(
          { ...deps, store: tx },
          round,
          team?.name ?? '',
          bindings,
          organisation?.locale ?? 'nl',
        );
      return true;
    });
    if (won) reminded += 1;
  }
  if (reminded > 0) deps.onEnqueued?.();
  return reminded;
}

/**
 * A team that chose to see its answers while the round is open gets the answers so far in the
 * thread when the reminder goes out (once per round and channel, like the reminder itself).
 * Runs inside the reminder's transaction.
 */
async function enqueueInterimSummary(
  deps: DialogueDeps,
  round: Round,
  teamName: string,
  bindings: readonly ChannelBinding[],
  locale: Locale,
): Promise<void> {
  const replies = await deps.store.replies.listByRound(round.organisationId, round.id);
  if (!replies.some((r) => r.deletedAt === null)) return;
  const summary = summarizeRound(round, teamName, replies, 0, await summaryOptions(deps, round, replies, true));
  await enqueueSummaryPosts(deps, round, bindings, summary, locale, 'interim');
}

/** One summary post in the prompt's thread of every bound channel; `kind` keeps the final and interim ones apart. */
async function enqueueSummaryPosts(
  deps: DialogueDeps,
  round: Round,
  bindings: readonly ChannelBinding[],
  summary: Parameters<typeof newDelivery>[1]['message'],
  locale: Locale,
  kind: 'summary' | 'interim',
): Promise<void> {
  for (const binding of bindings) {
    await deps.store.deliveries.enqueue(
      newDelivery(deps, {
        organisationId: round.organisationId,
        dedupeKey: `round:${round.id}:${kind}:${binding.id}`,
        roundId: round.id,
        purpose: 'summary',
        target: { kind: 'channel', bindingId: binding.id },
        message: summary,
        locale,
        threadOf: promptKey(round.id, binding.id),
      }),
    );
  }
}

/** Of the given people, those who have not answered the round yet (works for anonymous rounds too). */
export async function nonResponders(deps: DialogueDeps, round: Round, personIds: readonly string[]): Promise<string[]> {
  const replies = await deps.store.replies.listByRound(round.organisationId, round.id);
  const answered = new Set(replies.map((r) => r.authorToken));
  return personIds.filter((id) => !answered.has(authorToken(deps.tokenSecret, round.id, id)));
}

/**
 * Platforms whose non-responders get a personal reminder enqueued with the thread reminder, from
 * the team's members in the store. Slack is not here: who is in the channel only Slack knows, so
 * its personal reminders are enqueued when the thread reminder is posted (`member-reminders.ts`);
 * they go through the delivery table all the same. The web channel has no personal chat.
 */
export const PERSONAL_REMINDER_PLATFORMS: readonly Platform[] = ['teams'];

/** One personal reminder per round and person, whatever the number of ticks or processes. */
export const personalReminderKey = (roundId: string, personId: string) =>
  `round:${roundId}:reminder:person:${personId}`;

/**
 * Enqueues a personal reminder for each member of the round's team who has not answered and can
 * be reached on a platform the team is bound on (once per person, on the first such platform).
 * Runs inside the reminder's transaction: `deps.store` must be the transaction's store.
 */
async function enqueuePersonalReminders(
  deps: DialogueDeps,
  round: Round,
  message: ReminderMessage,
  bindings: readonly ChannelBinding[],
): Promise<number> {
  const { store } = deps;
  const platforms = PERSONAL_REMINDER_PLATFORMS.filter((platform) => bindings.some((b) => b.platform === platform));
  if (platforms.length === 0) return 0;
  const grants = await store.people.listByRole(round.organisationId, 'member');
  const members = [
    ...new Set(grants.flatMap((g) => (g.scope.kind === 'team' && g.scope.teamId === round.teamId ? [g.personId] : []))),
  ];
  let enqueued = 0;
  for (const personId of await nonResponders(deps, round, members)) {
    const person = await store.people.get(round.organisationId, personId);
    const identities = await store.people.identities(round.organisationId, personId);
    const platform = platforms.find((p) => identities.some((i) => i.platform === p));
    if (!person || !platform) continue;
    const added = await store.deliveries.enqueue(
      newDelivery(deps, {
        organisationId: round.organisationId,
        dedupeKey: personalReminderKey(round.id, personId),
        roundId: round.id,
        purpose: 'reminder',
        target: { kind: 'person', personId, platform },
        message,
        locale: person.locale,
        threadOf: null,
      }),
    );
    if (added) enqueued += 1;
  }
  if (enqueued > 0) deps.log.info({ roundId: round.id, enqueued }, 'round: personal reminders enqueued');
  return enqueued;
}

/**
 * Whether a personal reminder should wait or go unsent, decided when the worker picks it up:
 * someone who answered meanwhile is not nudged ('answered'), and one that comes due in quiet
 * hours (a retry after a throttle, a backlog) waits for the morning (the moment to try again).
 * null: send now.
 */
export async function personalReminderHold(
  deps: DialogueDeps,
  delivery: Delivery,
  round: Round,
): Promise<'answered' | Date | null> {
  if (delivery.purpose !== 'reminder' || delivery.target.kind !== 'person') return null;
  if ((await nonResponders(deps, round, [delivery.target.personId])).length === 0) return 'answered';
  const now = deps.clock.now();
  const timeZone = (await deps.store.organisations.get(delivery.organisationId))?.timeZone ?? DEFAULT_TIME_ZONE;
  const until = quietUntil(now, timeZone);
  return until.getTime() > now.getTime() ? until : null;
}
