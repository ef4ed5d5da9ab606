import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRound } from '../../src/dialogues/open-round.js';
import type { Delivery } from '../../src/dialogues/ports.js';
import { startDeliveryLoop, type DeliveryLoop } from '../../src/scheduler/delivery-loop.js';
import { teamsConversationRepository } from '../../src/store/teams-conversation-repository.js';
import { runCli } from '../support/cli.js';
import type { FakeClock } from '../support/fake-clock.js';
import type { Failure } from '../support/fake-teams-connector.js';
import { ILSE, TENANT, botAdded, mentionInChannel } from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';
import { freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';
import { jumpClock, waitFor } from './slack-worker.js';

const channelId = (i: number) => `19:fault-${String(i).padStart(4, '0')}@thread.tacv2`;

/** Real time, shared by the delivery worker and the fake connector's Retry-After and limits. */
function realClock(): FakeClock {
  const clock = jumpClock();
  return {
    now: clock.now,
    advance: clock.jump,
    set: () => {
      throw new Error('real time cannot be set');
    },
  };
}

/**
 * Teams parts of scenarios 4 and 6, on PostgreSQL: the real Teams module and delivery loop, in
 * real time, against the fake Bot Connector with injected faults and a rate limit.
 */
describe('faults 4 and 6 (Teams): unclear send failures and rate limits in the delivery worker', () => {
  let database: FreshDatabase;
  let app: TeamsTestApp | undefined;
  let loop: DeliveryLoop | undefined;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await loop?.stop();
    await app?.close();
    loop = undefined;
    app = undefined;
    await database.drop();
  });

  /** Installs the bot and binds `count` channels, each to a team of its own, through "koppel" commands. */
  async function boundChannels(
    count: number,
  ): Promise<{ a: TeamsTestApp; organisationId: string; channels: string[] }> {
    const a = (app = await startTeamsTestApp({
      store: database.store,
      conversations: teamsConversationRepository(database.db),
      clock: realClock(),
      connectorTimeoutMs: 2_000,
    }));
    const channels = Array.from({ length: count }, (_, i) => channelId(i));
    expect((await a.send(botAdded(a.connector.url, ILSE, channels[0]))).status).toBe(200);
    for (const [i, channel] of channels.entries()) {
      expect((await a.send(mentionInChannel(a.connector.url, ILSE, `koppel Team ${i}`, { channel }))).status).toBe(200);
    }
    const organisationId = (await database.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
    expect(await database.store.bindings.list(organisationId)).toHaveLength(count);
    return { a, organisationId, channels };
  }

  async function openRounds(a: TeamsTestApp, organisationId: string, themes: string[]): Promise<void> {
    for (const theme of themes) {
      for (const team of await database.store.teams.list(organisationId)) {
        const opened = await openRound(a.deps, {
          organisationId,
          teamId: team.id,
          trigger: 'ad_hoc',
          triggeredBy: null,
          template: null,
          theme,
          secondConfirmed: true,
        });
        if (!opened.ok) throw new Error(`fault: ${opened.code}`);
      }
    }
  }

  /** Round prompts the connector has, per channel: new posts at the channel's top level. */
  const promptsIn = (a: TeamsTestApp, channel: string) =>
    a.connector.sent.filter((s) => s.method === 'POST' && s.conversationId === channel && s.activityId === null);

  /** The channel each delivery went to, and the deliveries' statuses counted. */
  async function deliveriesByChannel(
    organisationId: string,
  ): Promise<{ all: Delivery[]; channelOf: Map<string, string>; counts: Record<string, number> }> {
    const bindings = new Map((await database.store.bindings.list(organisationId)).map((b) => [b.id, b.channelId]));
    const all = await database.store.deliveries.list(organisationId);
    const channelOf = new Map(
      all.map((d) => [d.id, d.target.kind === 'channel' ? (bindings.get(d.target.bindingId) ?? '') : '']),
    );
    const counts: Record<string, number> = {};
    for (const d of all) counts[`deliveries_${d.status}`] = (counts[`deliveries_${d.status}`] ?? 0) + 1;
    return { all, channelOf, counts };
  }

  it('4: 10 % of posts applied but their answer lost: no channel prompted twice, every unclear post handed to a coordinator', async () => {
    const { a, organisationId, channels } = await boundChannels(150);
    const setupCalls = a.connector.attempts.length;
    // One post in ten reaches Teams, but the bot hears 502, 504, a dropped connection or nothing (its timeout).
    const lostAnswers: Failure[] = [
      { status: 502, applied: true },
      { status: 504, applied: true },
      { drop: true, applied: true },
      { hang: true, applied: true },
    ];
    const unlucky = channels.filter((_, i) => i % 10 === 3);
    unlucky.forEach((channel, k) =>
      a.connector.fail(lostAnswers[k % lostAnswers.length] ?? { status: 502, applied: true }, {
        conversation: channel,
      }),
    );
    // Besides: a plain 503 (refused, so retried) and a plain 500 that posted nothing (unclear all the same).
    const refusedOnce = channels.filter((_, i) => i % 50 === 7);
    const plain500 = channels.filter((_, i) => i % 50 === 27);
    for (const channel of refusedOnce) a.connector.fail({ status: 503 }, { conversation: channel });
    for (const channel of plain500) a.connector.fail({ status: 500 }, { conversation: channel });

    await openRounds(a, organisationId, ['begrijpend lezen']);
    loop = startDeliveryLoop(a.deps, a.channels, { pollMs: 100 });
    const settled = await waitFor(
      async () =>
        (await database.store.deliveries.list(organisationId, { statuses: ['pending', 'sending'] })).length === 0,
      45_000,
      250,
    );
    await loop.stop();

    const { all, channelOf, counts } = await deliveriesByChannel(organisationId);
    const statusIn = new Map(all.map((d) => [channelOf.get(d.id) ?? '', d]));
    const prompts = new Map(channels.map((c) => [c, promptsIn(a, c)]));
    const posted = [...prompts.values()].reduce((n, list) => n + list.length, 0);
    const reached = [...prompts.values()].filter((list) => list.length > 0).length;
    const unclear = all.filter((d) => d.status === 'unclear');
    // Lost: no prompt in the channel, and nobody told.
    const lost = channels.filter((c) => prompts.get(c)?.length === 0 && statusIn.get(c)?.status !== 'unclear').length;
    // What a coordinator sees: `vijfvragen deliveries` with its default filter (failed, unclear, pending, sending).
    const cli = await runCli({ DATABASE_URL: database.url }, 'deliveries', '--json');
    const listed =
      cli.code === 0 ? (JSON.parse(cli.stdout) as { id: string; status: string; lastError: string | null }[]) : [];
    const attemptsTo = (c: string) => a.connector.attempts.filter((x) => x.conversationId === c).length;
    const reasons = new Map<string, number>();
    for (const d of unclear) reasons.set(d.lastError ?? '', (reasons.get(d.lastError ?? '') ?? 0) + 1);
    const figures = {
      sent: a.connector.attempts.length - setupCalls,
      stored: posted,
      duplicated: posted - reached,
      lost,
      refused: refusedOnce.length,
      appliedAnswerLost: unlucky.length,
      plain500: plain500.length,
      unclearMarked: unclear.length,
      listedForCoordinator: listed.length,
      ...counts,
      reasons: [...reasons]
        .map(([reason, n]) => `${reason.replace(/^teams: /, '')}:${n}`)
        .sort()
        .join('|'),
    };
    printFigures('4 unclear send failures (Teams)', figures);

    expect(settled).toBe(true);
    expect(cli).toMatchObject({ code: 0 });
    expect(figures).toMatchObject({ duplicated: 0, lost: 0, unclearMarked: unlucky.length + plain500.length });
    for (const channel of unlucky) {
      // Posted once by the attempt whose answer was lost, never again: the coordinator decides.
      expect({
        channel,
        prompts: prompts.get(channel)?.length,
        attempts: attemptsTo(channel),
        status: statusIn.get(channel)?.status,
      }).toEqual({ channel, prompts: 1, attempts: 1, status: 'unclear' });
    }
    for (const channel of plain500)
      expect({
        channel,
        prompts: prompts.get(channel)?.length,
        attempts: attemptsTo(channel),
        status: statusIn.get(channel)?.status,
      }).toEqual({ channel, prompts: 0, attempts: 1, status: 'unclear' });
    for (const channel of refusedOnce)
      expect({
        channel,
        prompts: prompts.get(channel)?.length,
        attempts: attemptsTo(channel),
        status: statusIn.get(channel)?.status,
      }).toEqual({ channel, prompts: 1, attempts: 2, status: 'sent' });
    for (const channel of channels.filter((c) => !unlucky.includes(c) && !plain500.includes(c))) {
      const delivery = statusIn.get(channel);
      expect({ channel, status: delivery?.status, postedRef: delivery?.postedRef }).toEqual({
        channel,
        status: 'sent',
        postedRef: prompts.get(channel)?.[0]?.id,
      });
    }
    // The CLI lists exactly the unclear posts, each with the reason Teams gave.
    expect(listed.map((d) => d.id).sort()).toEqual(unclear.map((d) => d.id).sort());
    for (const d of listed)
      expect(d).toMatchObject({ status: 'unclear', lastError: expect.stringMatching(/^teams: /) });
  });

  it('6: a Bot Connector allowing 2 posts per 2 s per conversation, plus Retry-After on five channels: no early request, every prompt posted once', async () => {
    const { a, organisationId, channels } = await boundChannels(80);
    const setupCalls = a.connector.attempts.length;
    // Three rounds opened at once in every team: three prompts per channel, more than the limit lets through together.
    a.connector.limit({ posts: 2, perMs: 2_000 });
    for (const channel of channels.slice(0, 5))
      a.connector.fail({ status: 429, retryAfter: 3 }, { conversation: channel });
    const themes = ['begrijpend lezen', 'rekenen', 'burgerschap'];
    await openRounds(a, organisationId, themes);
    loop = startDeliveryLoop(a.deps, a.channels, { pollMs: 100 });
    const expected = channels.length * themes.length;
    const done = await waitFor(
      async () => (await database.store.deliveries.list(organisationId, { statuses: ['sent'] })).length === expected,
      45_000,
      250,
    );
    await loop.stop();

    const { all, channelOf, counts } = await deliveriesByChannel(organisationId);
    const prompts = new Map(channels.map((c) => [c, promptsIn(a, c)]));
    const posted = [...prompts.values()].reduce((n, list) => n + list.length, 0);
    const calls = a.connector.attempts.slice(setupCalls);
    const figures = {
      sent: calls.length,
      stored: posted,
      duplicated: posted - all.filter((d) => d.status === 'sent').length,
      lost: channels.filter((c) => (prompts.get(c)?.length ?? 0) < themes.length).length,
      refused: calls.filter((c) => c.status === 429).length,
      early: a.connector.early.length,
      ...counts,
    };
    printFigures('6 rate limits with Retry-After (Teams)', figures);

    expect(done).toBe(true);
    expect(figures).toMatchObject({ duplicated: 0, lost: 0, early: 0 });
    expect(all.every((d) => d.status === 'sent')).toBe(true);
    // The limit was really hit, beyond the five scripted refusals.
    expect(figures.refused).toBeGreaterThan(5);
    for (const channel of channels) expect(prompts.get(channel)).toHaveLength(themes.length);
    // Each sent delivery names the post the connector made in its own channel.
    const postsById = new Map(a.connector.sent.map((s) => [s.id, s.conversationId]));
    for (const d of all) expect(postsById.get(d.postedRef ?? '')).toBe(channelOf.get(d.id));
  });
});
