import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../bench/bench-support.js';
import { fixture, postSigned } from '../support/slack-requests.js';
import { BOT_SIGNING_SECRET, startBotProcess, type BotProcess } from './bot-process.js';
import { freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';
import { FAULT_WORKSPACE, startSlackWorker, waitFor, type SlackWorker } from './slack-worker.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

const USERS = Array.from({ length: 12 }, (_, i) => `U0PG${String(i).padStart(5, '0')}`);
const SECONDS = Number(process.env.FAULT_SECONDS ?? 24);

/**
 * Scenario 3: PostgreSQL restarted in immediate mode, twice, while replies arrive at the bot's
 * Slack endpoint. On a throwaway cluster of the test's own, never the shared server. Every
 * acknowledged reply is stored; refused ones (Slack would redeliver them) are stored when
 * redelivered; the bot reconnects by itself and never crashes.
 */
describe('fault 3: PostgreSQL restarts (immediate mode) while replies arrive', () => {
  let cluster: ThrowawayPostgres;
  let database: FreshDatabase;
  let seeder: SlackWorker;
  let bot: BotProcess | undefined;
  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    database = await freshDatabase(cluster.adminUrl);
    seeder = await startSlackWorker(database);
  });
  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await seeder.close();
    await database.drop().catch(() => undefined);
    cluster.destroy();
  });

  it('stores every acknowledged reply and keeps running', async () => {
    const [channel = ''] = await seeder.addChannels(1);
    for (const user of USERS) seeder.slack.addUser(FAULT_WORKSPACE.teamId, { id: user, name: `Leraar ${user}` });
    seeder.slack.setMembers(channel, USERS);
    await seeder.openRounds();
    bot = await startBotProcess(database.url, seeder.slack.url);
    expect(await waitFor(() => seeder.prompts().size === 1, 60_000)).toBe(true);
    const promptTs = seeder.prompts().get(channel)?.[0]?.ts ?? '';

    let seq = 0;
    const message = () => {
      seq += 1;
      const ts = `1790000${String(seq).padStart(3, '0')}.${String(seq).padStart(6, '0')}`;
      return {
        text: `Antwoord ${seq} tijdens de herstart`,
        body: JSON.stringify(
          fixture('event-message-thread', {
            team: FAULT_WORKSPACE.teamId,
            bot_user: FAULT_WORKSPACE.botUserId,
            channel,
            user: USERS[seq % USERS.length] ?? '',
            ts,
            thread_ts: promptTs,
            text: `Antwoord ${seq} tijdens de herstart`,
            event_id: `EvPG${randomUUID().slice(0, 12)}`,
          }),
        ),
      };
    };
    const url = `${bot.url}/slack/events`;
    const acked: string[] = [];
    const refused: { text: string; body: string }[] = [];
    const send = async (m: { text: string; body: string }) => {
      const response = await postSigned(url, BOT_SIGNING_SECRET, m.body, 'application/json').catch(() => null);
      if (response?.status === 200) acked.push(m.text);
      else refused.push(m);
    };
    const until = Date.now() + SECONDS * 1000;
    const senders = Array.from({ length: 6 }, async () => {
      while (Date.now() < until) await send(message());
    });
    const restarts = (async () => {
      await sleep((SECONDS * 1000) / 4);
      await cluster.restartImmediate(1500);
      await sleep((SECONDS * 1000) / 4);
      await cluster.restartImmediate(3000);
    })();
    await Promise.all([...senders, restarts]);

    // Slack redelivers what was not acknowledged; so does this test, until it is stored.
    let redeliveries = 0;
    const pending = [...refused];
    for (let round = 0; round < 5 && pending.length > 0; round += 1) {
      for (const m of pending.splice(0)) {
        redeliveries += 1;
        const response = await postSigned(url, BOT_SIGNING_SECRET, m.body, 'application/json').catch(() => null);
        if (response?.status !== 200) pending.push(m);
      }
      if (pending.length > 0) await sleep(1000);
    }

    const organisationId = seeder.organisationId;
    const rounds = await database.store.rounds.list(organisationId);
    const replies = (
      await Promise.all(rounds.map((r) => database.store.replies.listByRound(organisationId, r.id)))
    ).flat();
    const stored = new Set(replies.map((r) => r.text));
    const alive =
      bot.process.exitCode === null &&
      (await fetch(`${bot.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
    const figures = {
      sent: seq,
      stored: replies.length,
      duplicated: replies.length - stored.size,
      lost: acked.filter((t) => !stored.has(t)).length,
      refused: refused.length,
      redeliveries,
      stillRefused: pending.length,
      restarts: 2,
      botAlive: alive ? 'yes' : 'no',
    };
    printFigures('3 PostgreSQL immediate restarts (Slack)', figures);
    expect(figures.lost).toBe(0);
    expect(figures.duplicated).toBe(0);
    expect(pending).toHaveLength(0);
    expect(replies.length).toBe(seq);
    expect(alive).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
  });
});
