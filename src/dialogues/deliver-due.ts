import type { DialogueDeps } from './deps.js';
import { conversationKey, createPacer, retryDelayMs, staleReason, type Pacer } from './delivery-policy.js';
import type { ChannelBinding, Platform, Round } from './model.js';
import { remindChannelMembers } from './member-reminders.js';
import { personalReminderHold } from './round-lifecycle.js';
import type { ChatChannel, Delivery, Destination, PostedCheck, SendOutcome, SendRequest, Store } from './ports.js';

export interface DeliveryOptions {
  /** Deliveries claimed per call. Default 25. */
  batch?: number;
  /** How long a claim holds before another worker may take the delivery over. Default 2 minutes. */
  leaseMs?: number;
  /** Attempts before a delivery is given up as failed. Default 8 (about four minutes of backoff). */
  maxAttempts?: number;
  /** Reminders and notices older than this are skipped instead of sent. Default 24 hours. */
  staleAfterMs?: number;
  /** How long a threaded post waits before looking again for its parent post. Default 5 seconds. */
  parentWaitMs?: number;
  /** Conversations served at once; posts to one conversation always go one after another. Default 4. */
  concurrency?: number;
  /** Pacing state; by default one per `channels` map, so one worker keeps it across calls. */
  pacer?: Pacer;
  /** Jitter source for backoff; tests pin it. */
  random?: () => number;
  /**
   * Shutting down: deliveries of this batch not yet started are handed back at once (no attempt
   * counted) instead of waiting out their lease, so another replica or the next start posts them.
   */
  signal?: AbortSignal;
  /**
   * Keeps a paced post claimed in memory until its booked slot instead of handing it back: called
   * with the delivery and when the slot comes, and the caller passes it back in `carried` then. A
   * post handed back costs a release, a claim and its reads again; a worker pacing hundreds of
   * posts per workspace books most of them. Only slots that come well inside the claim's lease
   * (half of it to spare) are held; further ones are handed back. Without it, all are handed back.
   */
  hold?: (delivery: Delivery, until: Date) => void;
  /** Deliveries this worker claimed and held (`hold`) whose slot has come: posted before any new claim. */
  carried?: readonly Delivery[];
}

/** What one `deliverDue` call did with the deliveries it claimed. */
export interface DeliveryFigures {
  claimed: number;
  sent: number;
  /** Back to pending after an attempt, to be tried again later. */
  retried: number;
  failed: number;
  unclear: number;
  skipped: number;
  /** Handed back without an attempt: paced, or waiting for its thread's parent post. */
  released: number;
  /** Paced and kept claimed, handed to `hold` until its slot. */
  held: number;
}

type Verdict = Exclude<keyof DeliveryFigures, 'claimed'>;

const pacers = new WeakMap<ReadonlyMap<Platform, ChatChannel>, Pacer>();

/**
 * The delivery worker's logic, free of any platform: claims due deliveries and posts each
 * through its platform's ChatChannel, at most once.
 *
 * The rules, in order: a destination that no longer exists fails the delivery; a prompt or
 * reminder for a closed round is skipped; a personal reminder is skipped once the person has
 * answered and waits out quiet hours; a threaded post waits for its parent (and goes
 * unthreaded if the parent never will be posted); a conversation is posted to no faster than
 * its platform allows. A delivery claimed again after an attempt that may have reached the
 * platform asks the channel first (`findPosted`), because neither Slack nor Teams can
 * deduplicate a post; a channel that cannot tell hands the delivery to a coordinator as
 * `unclear` rather than risk posting twice.
 *
 * @example
 * const figures = await deliverDue(deps, channels);
 * if (figures.claimed === batch) await deliverDue(deps, channels); // more waiting
 */
export async function deliverDue(
  deps: DialogueDeps,
  channels: ReadonlyMap<Platform, ChatChannel>,
  options: DeliveryOptions = {},
): Promise<DeliveryFigures> {
  const settings = resolveOptions(channels, options);
  const fresh = await deps.store.deliveries.claimDue(deps.clock.now(), settings.batch, settings.leaseMs);
  // Held ones first: their slot has come, and they are older than anything claimed now.
  const claimed = [...(options.carried ?? []), ...fresh];
  const figures: DeliveryFigures = {
    claimed: fresh.length,
    sent: 0,
    retried: 0,
    failed: 0,
    unclear: 0,
    skipped: 0,
    released: 0,
    held: 0,
  };

  const reads = await readBatch(deps.store, claimed);
  // Posts to one conversation go in claim order (a prompt before its summary); different
  // conversations proceed side by side.
  const queues = new Map<string, Delivery[]>();
  for (const delivery of claimed) {
    const key =
      delivery.target.kind === 'channel'
        ? `b:${delivery.target.bindingId}`
        : `p:${delivery.target.personId}:${delivery.target.platform}`;
    queues.set(key, [...(queues.get(key) ?? []), delivery]);
  }
  // A threaded post waits for its parent; top-level posts first lets a prompt and its
  // summary claimed together go out in one batch (sort is stable: claim order otherwise).
  const pending = [...queues.values()].map((queue) =>
    queue.sort((a, b) => Number(a.threadOf !== null) - Number(b.threadOf !== null)),
  );
  const worker = async (): Promise<void> => {
    for (let queue = pending.shift(); queue !== undefined; queue = pending.shift()) {
      for (const delivery of queue) {
        try {
          if (options.signal?.aborted) {
            await deps.store.deliveries.release(delivery.id, deps.clock.now());
            figures.released += 1;
            continue;
          }
          figures[await deliverOne(deps, channels, settings, reads, delivery)] += 1;
        } catch (error) {
          // Broken infrastructure (the database): the claim's lease runs out and another
          // attempt, which checks first whether this one posted, takes the delivery over.
          deps.log.error({ deliveryId: delivery.id, err: error }, 'delivery: attempt broke off; left to its lease');
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, pending.length) }, worker));
  return figures;
}

type Settings = Required<Omit<DeliveryOptions, 'random' | 'signal' | 'hold' | 'carried'>> &
  Pick<DeliveryOptions, 'random' | 'hold'>;

function resolveOptions(channels: ReadonlyMap<Platform, ChatChannel>, options: DeliveryOptions): Settings {
  let pacer = options.pacer ?? pacers.get(channels);
  if (pacer === undefined) {
    pacer = createPacer();
    pacers.set(channels, pacer);
  }
  return {
    batch: options.batch ?? 25,
    leaseMs: options.leaseMs ?? 2 * 60_000,
    maxAttempts: options.maxAttempts ?? 8,
    staleAfterMs: options.staleAfterMs ?? 24 * 3_600_000,
    parentWaitMs: options.parentWaitMs ?? 5_000,
    concurrency: Math.max(1, options.concurrency ?? 4),
    pacer,
    random: options.random,
    hold: options.hold,
  };
}

async function deliverOne(
  deps: DialogueDeps,
  channels: ReadonlyMap<Platform, ChatChannel>,
  settings: Settings,
  reads: BatchReads,
  delivery: Delivery,
): Promise<Verdict> {
  const { store, log } = deps;
  const repo = store.deliveries;
  const context = {
    deliveryId: delivery.id,
    organisationId: delivery.organisationId,
    purpose: delivery.purpose,
    attempts: delivery.attempts,
  };
  const finish = async (status: 'failed' | 'unclear' | 'skipped', reason: string): Promise<Verdict> => {
    await repo.finish(delivery.id, status, reason);
    if (status === 'skipped') log.info({ ...context, reason }, 'delivery: skipped');
    else log.warn({ ...context, reason }, `delivery: ${status}`);
    return status;
  };

  const destination = await resolveDestination(store, reads, delivery);
  if (typeof destination === 'string') return finish('failed', destination);
  const platform = destination.kind === 'channel' ? destination.binding.platform : destination.identity.platform;
  const channel = channels.get(platform);
  if (!channel) return finish('failed', `no ${platform} channel configured`);

  const round = delivery.roundId === null ? null : reads.round(delivery.organisationId, delivery.roundId);
  const stale = staleReason(delivery, round, deps.clock.now(), settings.staleAfterMs);
  if (stale) return finish('skipped', stale);
  const hold = round === null ? null : await personalReminderHold(deps, delivery, round);
  if (hold === 'answered') return finish('skipped', 'personal reminder: the person has answered meanwhile');
  if (hold !== null) {
    await repo.release(delivery.id, hold);
    return 'released';
  }

  if (delivery.threadOf !== null && destination.kind === 'channel') {
    const parent = await repo.findByKey(delivery.organisationId, delivery.threadOf);
    if (parent?.status === 'pending' || parent?.status === 'sending') {
      const later = Math.max(deps.clock.now().getTime() + settings.parentWaitMs, parent.nextAttemptAt.getTime());
      await repo.release(delivery.id, new Date(later));
      return 'released';
    }
    // Sent: answer in its thread. Failed, unclear, skipped or gone: it will never have a
    // thread, so post at top level rather than not at all.
    destination.threadRef = parent?.status === 'sent' ? parent.postedRef : null;
  }

  const key = conversationKey(destination);
  const allowedAt = settings.pacer.allowedAt(key);
  if (allowedAt > deps.clock.now().getTime()) {
    await repo.release(delivery.id, new Date(allowedAt));
    return 'released';
  }

  const request: SendRequest = {
    deliveryId: delivery.id,
    organisationId: delivery.organisationId,
    purpose: delivery.purpose,
    locale: delivery.locale,
    destination,
    message: delivery.message,
    timeZone: reads.timeZone(delivery.organisationId),
  };
  const lastChance = delivery.attempts >= settings.maxAttempts;
  const retry = async (reason: string, retryAfterMs?: number): Promise<Verdict> => {
    const next = new Date(deps.clock.now().getTime() + retryDelayMs(delivery.attempts, retryAfterMs, settings.random));
    await repo.reschedule(delivery.id, next, reason);
    log.info({ ...context, reason, nextAttemptAt: next.toISOString() }, 'delivery: will retry');
    return 'retried';
  };

  // attempts counts this claim, so above 1 an earlier attempt happened and may have posted.
  if (delivery.attempts > 1 && channel.findPosted) {
    let check: PostedCheck;
    try {
      check = await channel.findPosted(request);
    } catch (error) {
      const reason = `could not check for an earlier post: ${describe(error)}`;
      return lastChance ? finish('unclear', reason) : retry(reason);
    }
    if (check.posted === true) {
      await repo.markSent(delivery.id, check.postedRef, deps.clock.now());
      log.info({ ...context, postedRef: check.postedRef }, 'delivery: an earlier attempt had posted it');
      await afterSent(deps, channel, delivery, destination);
      return 'sent';
    }
    if (check.posted === 'unknown')
      return finish('unclear', 'an earlier attempt may have posted it and the platform cannot tell');
  }
  if (delivery.attempts > settings.maxAttempts) {
    // Only a claim taken over after a crash gets here; without a check, its post may be out.
    return channel.findPosted
      ? finish('failed', `gave up after ${settings.maxAttempts} attempts`)
      : finish('unclear', 'a worker stopped mid-send after the last attempt');
  }

  settings.pacer.posted(key, deps.clock.now(), channel.perChannelIntervalMs ?? 0);
  let outcome: SendOutcome;
  try {
    outcome = await channel.send(request);
  } catch (error) {
    // A throw tells us nothing about whether the platform got the post.
    outcome = { status: 'unclear', reason: `channel threw: ${describe(error)}` };
  }

  switch (outcome.status) {
    case 'sent':
      await repo.markSent(delivery.id, outcome.postedRef, deps.clock.now());
      await afterSent(deps, channel, delivery, destination);
      return 'sent';
    case 'failed':
      return finish('failed', outcome.reason);
    case 'paced': {
      // Certainly not posted: the conversation is as free as before, no attempt burnt, and no
      // look-back check when it comes again.
      settings.pacer.reset(key, allowedAt);
      const until = new Date(deps.clock.now().getTime() + outcome.retryAfterMs);
      const lease = delivery.leaseUntil?.getTime();
      if (settings.hold && lease !== undefined && until.getTime() + settings.leaseMs / 2 <= lease) {
        settings.hold(delivery, until);
        return 'held';
      }
      await repo.release(delivery.id, until);
      return 'released';
    }
    case 'retry':
      if (outcome.retryAfterMs !== undefined) settings.pacer.hold(key, deps.clock.now(), outcome.retryAfterMs);
      return lastChance
        ? finish('failed', `gave up after ${delivery.attempts} attempts: ${outcome.reason}`)
        : retry(outcome.reason, outcome.retryAfterMs);
    case 'unclear':
      if (outcome.retryAfterMs !== undefined) settings.pacer.hold(key, deps.clock.now(), outcome.retryAfterMs);
      // Only a channel that can look back may try again: its next attempt checks first.
      if (!channel.findPosted || lastChance) return finish('unclear', outcome.reason);
      return retry(outcome.reason, outcome.retryAfterMs);
  }
}

/**
 * What follows a sent post: a channel reminder on a platform that knows the channel's members
 * enqueues their personal reminders. Best effort: the post itself is sent and stays so; a failure
 * here (the platform's member list unavailable) is logged.
 */
async function afterSent(
  deps: DialogueDeps,
  channel: ChatChannel,
  delivery: Delivery,
  destination: Destination,
): Promise<void> {
  if (destination.kind !== 'channel' || delivery.purpose !== 'reminder') return;
  try {
    await remindChannelMembers(deps, channel, delivery, destination.binding);
  } catch (error) {
    deps.log.warn({ deliveryId: delivery.id, err: describe(error) }, 'delivery: channel members not reminded');
  }
}

/**
 * What a batch's posts read, once for the whole batch instead of once per post: a worker pacing
 * hundreds of posts a second spends most of its time on database round trips. Person targets
 * (few: direct reminders) are still read one by one.
 */
interface BatchReads {
  binding(organisationId: string, id: string): ChannelBinding | null;
  round(organisationId: string, id: string): Round | null;
  /** The organisation's time zone, when it was found. */
  timeZone(organisationId: string): string | undefined;
}

async function readBatch(store: Store, deliveries: readonly Delivery[]): Promise<BatchReads> {
  const bindingKeys = deliveries.flatMap((d) =>
    d.target.kind === 'channel' ? [{ organisationId: d.organisationId, id: d.target.bindingId }] : [],
  );
  const roundKeys = deliveries.flatMap((d) =>
    d.roundId === null ? [] : [{ organisationId: d.organisationId, id: d.roundId }],
  );
  const [bindings, rounds, organisations] = await Promise.all([
    bindingKeys.length > 0 ? store.bindings.getMany(bindingKeys) : [],
    roundKeys.length > 0 ? store.rounds.getMany(roundKeys) : [],
    deliveries.length > 0 ? store.organisations.getMany([...new Set(deliveries.map((d) => d.organisationId))]) : [],
  ]);
  const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));
  const bindingById = byId(bindings);
  const roundById = byId(rounds);
  const zoneById = new Map(organisations.map((o) => [o.id, o.timeZone]));
  const scoped = <T extends { organisationId: string }>(row: T | undefined, organisationId: string) =>
    row?.organisationId === organisationId ? row : null;
  return {
    binding: (organisationId, id) => scoped(bindingById.get(id), organisationId),
    round: (organisationId, id) => scoped(roundById.get(id), organisationId),
    timeZone: (organisationId) => zoneById.get(organisationId),
  };
}

/** Where a delivery goes, or why it cannot go anywhere. */
async function resolveDestination(store: Store, reads: BatchReads, delivery: Delivery): Promise<Destination | string> {
  const { organisationId, target } = delivery;
  if (target.kind === 'channel') {
    const binding = reads.binding(organisationId, target.bindingId);
    return binding
      ? { kind: 'channel', binding, threadRef: null }
      : `channel binding ${target.bindingId} no longer exists`;
  }
  const person = await store.people.get(organisationId, target.personId);
  if (!person) return `person ${target.personId} no longer exists`;
  const identity = (await store.people.identities(organisationId, person.id)).find(
    (i) => i.platform === target.platform,
  );
  return identity
    ? { kind: 'person', person, identity }
    : `person ${target.personId} has no ${target.platform} identity`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
