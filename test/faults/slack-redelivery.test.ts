import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackInstallationRepository } from '../../src/store/slack-installation-repository.js';
import { ANOUK, BRAM, addPeople, bindAndOpenRound, newTs, threadMessage } from '../support/slack-scenario.js';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { countRows, freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';

const REPLIES = 150;

/**
 * Scenario 5 (Slack): every event delivered four times, as Slack does after a slow answer: two
 * copies at once, then two retries with x-slack-retry-num. One reply each, nothing lost.
 */
describe('fault 5: each Slack event delivered four times, some concurrently', () => {
  let database: FreshDatabase;
  let app: SlackTestApp;
  beforeAll(async () => {
    database = await freshDatabase();
    app = await startSlackTestApp({ store: database.store, installations: slackInstallationRepository(database.db) });
    addPeople(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('stores one reply per message however often and however concurrently it arrives', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    const texts: string[] = [];
    let sent = 0;
    let refused = 0;
    const deliver = async (payload: unknown, retryNum?: number) => {
      sent += 1;
      const response = await app.event(payload, retryNum === undefined ? {} : { retryNum });
      if (response.status !== 200) refused += 1;
    };
    // Batches of ten messages in flight, each one twice at once, then twice more as retries.
    for (let batch = 0; batch < REPLIES; batch += 10) {
      const messages = Array.from({ length: Math.min(10, REPLIES - batch) }, (_, k) => {
        const text = `Antwoord ${batch + k}: we lezen elke dag twintig minuten`;
        texts.push(text);
        return threadMessage((batch + k) % 2 === 0 ? ANOUK : BRAM, text, newTs(), promptTs);
      });
      await Promise.all(messages.flatMap((m) => [deliver(m), deliver(m)]));
      await Promise.all(messages.map((m) => deliver(m, 1)));
      for (const m of messages) await deliver(m, 2);
    }
    const replies = await database.store.replies.listByRound(organisationId, roundId);
    const stored = new Set(replies.map((r) => r.text));
    const figures = {
      sent,
      stored: replies.length,
      duplicated: replies.length - stored.size,
      lost: texts.filter((t) => !stored.has(t)).length,
      refused,
      inboundEvents: await countRows(database.db, 'inbound_events'),
    };
    printFigures('5 Slack redelivery x4', figures);
    expect(sent).toBe(REPLIES * 4);
    expect(figures).toMatchObject({ stored: REPLIES, duplicated: 0, lost: 0, refused: 0 });
  });
});
