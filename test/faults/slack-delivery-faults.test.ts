import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';
import { startSlackWorker, waitFor, type SlackWorker } from './slack-worker.js';

describe('faults 4, 6, 7: the Slack delivery worker under send failures, rate limits and outages', () => {
  let database: FreshDatabase;
  let worker: SlackWorker | undefined;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await database.drop();
  });

  const statuses = async (w: SlackWorker) => {
    const counts: Record<string, number> = {};
    for (const d of await database.store.deliveries.list(w.organisationId))
      counts[`deliveries_${d.status}`] = (counts[`deliveries_${d.status}`] ?? 0) + 1;
    return counts;
  };

  it('4: an unclear answer on 10 % of posts (applied, response lost) makes no duplicate prompt', async () => {
    const w = (worker = await startSlackWorker(database, {}, { postsPerMinute: 6000, burst: 50 }));
    const channels = await w.addChannels(300);
    // One post in ten is applied by Slack but its answer never arrives.
    const unlucky = channels.filter((_, i) => i % 10 === 3);
    for (const channel of unlucky) w.slack.script('chat.postMessage', { lose: true }, { channel });
    await w.openRounds();
    w.startLoop();
    const done = await waitFor(
      async () =>
        w.prompts().size === channels.length && ((await statuses(w)).deliveries_sent ?? 0) === channels.length,
      120_000,
      250,
    );
    const prompts = w.prompts();
    const posted = [...prompts.values()].reduce((n, list) => n + list.length, 0);
    const figures = {
      sent: w.slack.callsTo('chat.postMessage').length,
      stored: posted,
      duplicated: posted - prompts.size,
      lost: channels.length - prompts.size,
      refused: 0,
      unclearInjected: unlucky.length,
      historyChecks: w.slack.callsTo('conversations.history').length,
      ...(await statuses(w)),
    };
    printFigures('4 unclear send failures (Slack)', figures);
    expect(done).toBe(true);
    expect(figures).toMatchObject({ duplicated: 0, lost: 0 });
    expect(figures.historyChecks).toBeGreaterThanOrEqual(unlucky.length);
  });

  it('6: a fake Slack enforcing 1 post/s per channel and a workspace cap: no request before Retry-After, all posted', async () => {
    // Vijf Vragen paced faster than the workspace allows, so the cap is really hit.
    const w = (worker = await startSlackWorker(
      database,
      { perChannelMs: 1000, workspacePerSecond: 5 },
      { postsPerMinute: 1200, burst: 20 },
    ));
    const channels = await w.addChannels(60);
    for (const channel of channels.slice(0, 5))
      w.slack.script('chat.postMessage', { status: 429, retryAfter: 3 }, { channel });
    await w.openRounds();
    w.startLoop();
    const done = await waitFor(
      async () => ((await statuses(w)).deliveries_sent ?? 0) === channels.length,
      120_000,
      250,
    );
    const prompts = w.prompts();
    const posted = [...prompts.values()].reduce((n, list) => n + list.length, 0);
    const figures = {
      sent: w.slack.callsTo('chat.postMessage').length,
      stored: posted,
      duplicated: posted - prompts.size,
      lost: channels.length - prompts.size,
      refused: w.slack.limitFigures.refused + 5,
      early: w.slack.limitFigures.early,
      ...(await statuses(w)),
    };
    printFigures('6 rate limits with Retry-After (Slack)', figures);
    expect(done).toBe(true);
    expect(figures).toMatchObject({ duplicated: 0, lost: 0, early: 0 });
    expect(figures.refused).toBeGreaterThan(5);
  });

  it('7: a long 5xx stretch: nothing lost, backoff respected, posting resumes soon, stale notices skipped', async () => {
    const w = (worker = await startSlackWorker(database, {}, { postsPerMinute: 6000, burst: 50 }));
    const channels = await w.addChannels(40);
    w.slack.script('chat.postMessage', { status: 500 }, { times: 1_000_000 });
    await w.openRounds();
    w.startLoop();
    const outageMs = 20_000;
    await new Promise((resolve) => setTimeout(resolve, outageMs));
    const duringOutage = w.slack.callsTo('chat.postMessage').length;
    w.slack.unscript('chat.postMessage');
    const recoveredAt = Date.now();
    await waitFor(() => w.prompts().size === channels.length, 90_000, 100);
    const firstPostAt = Math.min(
      ...w.slack.messages.map(
        (m) =>
          w.slack.calls.find(
            (c) => c.method === 'chat.postMessage' && c.params.channel === m.channel && c.at >= recoveredAt,
          )?.at ?? Infinity,
      ),
    );
    // Backoff: per delivery, the gaps between attempts during the outage (1 s, 2 s, 4 s … with jitter on top).
    const attempts = new Map<string, number[]>();
    for (const call of w.slack.callsTo('chat.postMessage')) {
      if (call.at >= recoveredAt) continue;
      const id = String(
        (call.params.metadata as { event_payload?: { delivery_id?: string } } | undefined)?.event_payload
          ?.delivery_id ?? '',
      );
      attempts.set(id, [...(attempts.get(id) ?? []), call.at]);
    }
    let tooSoon = 0;
    for (const times of attempts.values()) {
      for (let i = 1; i < times.length; i += 1) {
        const floor = 1000 * 2 ** (i - 1);
        if ((times[i] ?? 0) - (times[i - 1] ?? 0) < floor * 0.95) tooSoon += 1;
      }
    }

    // A second outage, longer than a notice may wait: the notices are skipped, never posted late.
    const notices = await w.addChannels(5);
    w.slack.script('chat.postMessage', { status: 500 }, { times: 1_000_000 });
    for (const channel of notices) {
      const binding = await database.store.bindings.findByChannel('slack', 'T0FAULT01', channel);
      if (!binding) throw new Error('no binding');
      await database.store.deliveries.enqueue({
        id: crypto.randomUUID(),
        organisationId: w.organisationId,
        dedupeKey: `notice:${channel}`,
        roundId: null,
        purpose: 'notice',
        target: { kind: 'channel', bindingId: binding.id },
        message: { kind: 'notice', code: 'not_bound_hint', params: {} },
        locale: 'nl',
        threadOf: null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: w.deps.clock.now(),
        leaseUntil: null,
        lastError: null,
        postedRef: null,
        createdAt: w.deps.clock.now(),
        sentAt: null,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    w.deps.clock.jump(25 * 3_600_000);
    w.slack.unscript('chat.postMessage');
    const settled = await waitFor(
      async () => {
        const all = await database.store.deliveries.list(w.organisationId);
        return all.every((d) => d.status === 'sent' || d.status === 'skipped');
      },
      90_000,
      250,
    );
    const all = await database.store.deliveries.list(w.organisationId);
    const skippedNotices = all.filter((d) => d.purpose === 'notice' && d.status === 'skipped').length;
    const noticePosts = w.slack.messages.filter((m) => notices.includes(m.channel)).length;
    const prompts = w.prompts();
    const posted = [...prompts.values()].reduce((n, list) => n + list.length, 0);
    const figures = {
      sent: w.slack.callsTo('chat.postMessage').length,
      stored: posted,
      duplicated: posted - prompts.size,
      lost: channels.length - prompts.size,
      refused: duringOutage,
      outageS: outageMs / 1000,
      attemptsDuringOutage: duringOutage,
      retriesTooSoon: tooSoon,
      resumedAfterMs: Math.round(firstPostAt - recoveredAt),
      skippedNotices,
      noticePosts,
      ...(await statuses(w)),
    };
    printFigures('7 long 5xx stretch (Slack)', figures);
    expect(settled).toBe(true);
    expect(figures).toMatchObject({
      duplicated: 0,
      lost: 0,
      retriesTooSoon: 0,
      skippedNotices: notices.length,
      noticePosts: 0,
    });
    // Every delivery tried a few times, not hundreds: at most once per backoff step in 20 s.
    expect(duringOutage).toBeLessThanOrEqual(channels.length * 6);
    // The longest backoff step reached in a 20 s outage is 16 s (plus jitter): posting resumes within it.
    expect(figures.resumedAfterMs).toBeLessThan(21_000);
  });
});
