import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../bench/bench-support.js';
import { startBotProcess, type BotProcess } from './bot-process.js';
import { freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';
import { startSlackWorker, waitFor, type SlackWorker } from './slack-worker.js';

const CHANNELS = Number(process.env.FAULT_CHANNELS ?? 500);
const KILLS = Number(process.env.FAULT_KILLS ?? 6);

/**
 * Scenario 1: a round to 500 Slack channels while the bot process is killed with SIGKILL at
 * random points, again and again, and started anew. The fake Slack lives in this process and
 * outlives every bot. Afterwards every channel has exactly one prompt.
 */
describe('fault 1: SIGKILL the bot at random points while a round posts to 500 channels', () => {
  let database: FreshDatabase;
  let seeder: SlackWorker;
  let bot: BotProcess | undefined;
  beforeAll(async () => {
    database = await freshDatabase();
    // Used for its fake Slack and to seed the board; its own delivery loop is never started.
    seeder = await startSlackWorker(database);
  });
  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await seeder.close();
    await database.drop();
  });

  it('ends with exactly one prompt per channel', async () => {
    const channels = await seeder.addChannels(CHANNELS);
    await seeder.openRounds();
    const posted = () => [...seeder.prompts().values()].reduce((n, list) => n + list.length, 0);
    const killedAt: number[] = [];
    for (let kill = 0; kill < KILLS && seeder.prompts().size < channels.length; kill += 1) {
      bot = await startBotProcess(database.url, seeder.slack.url);
      // Wait until this process is posting, then kill it somewhere in the next two seconds.
      const before = posted();
      await waitFor(() => posted() > before, 30_000, 20);
      await sleep(Math.round(Math.random() * 2000));
      await bot.stop('SIGKILL');
      killedAt.push(posted());
    }
    bot = await startBotProcess(database.url, seeder.slack.url);
    const done = await waitFor(
      async () => {
        const all = await database.store.deliveries.list(seeder.organisationId);
        return all.length === channels.length && all.every((d) => d.status === 'sent');
      },
      600_000,
      500,
    );
    await sleep(2_000);
    await bot.stop();
    bot = undefined;

    const prompts = seeder.prompts();
    const total = posted();
    const statuses: Record<string, number> = {};
    for (const d of await database.store.deliveries.list(seeder.organisationId))
      statuses[`deliveries_${d.status}`] = (statuses[`deliveries_${d.status}`] ?? 0) + 1;
    const figures = {
      sent: seeder.slack.callsTo('chat.postMessage').length,
      stored: total,
      duplicated: total - prompts.size,
      lost: channels.length - prompts.size,
      refused: 0,
      kills: killedAt.length,
      postedAtKills: killedAt.join('/'),
      historyChecks: seeder.slack.callsTo('conversations.history').length,
      ...statuses,
    };
    printFigures('1 SIGKILL during a 500-channel round', figures);
    expect(done).toBe(true);
    expect(killedAt.length).toBeGreaterThanOrEqual(Math.min(KILLS, 3));
    expect(figures).toMatchObject({ duplicated: 0, lost: 0 });
    for (const channel of channels) expect(prompts.get(channel)?.length, channel).toBe(1);
  });
});
