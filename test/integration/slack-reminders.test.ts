import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remindDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { ADMIN, ANOUK, BRAM, CHANNEL, addPeople, bindAndOpenRound, flush, newTs, threadMessage } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const HOUR = 3_600_000;

describe('Slack reminders after an unclear post', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  const dmsTo = (user: string) => app.slack.posts(`D${user.slice(1)}`);

  async function dueReminder(): Promise<{ promptTs: string; deliveryId: string }> {
    const { organisationId, promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '1. Ja', newTs(), promptTs));
    app.deps.clock.advance(24 * HOUR);
    expect(await remindDueRounds(app.deps)).toBe(1);
    const reminder = (await app.store.deliveries.list(organisationId)).find((d) => d.purpose === 'reminder');
    if (!reminder) throw new Error('no reminder delivery');
    return { promptTs, deliveryId: reminder.id };
  }

  it('sends the direct messages once the lost thread reminder is found in the thread', async () => {
    const { promptTs } = await dueReminder();
    // Slack stores the thread reminder, but the answer never arrives: no DM went out then.
    app.slack.script('chat.postMessage', { lose: true }, { channel: CHANNEL });
    await flush(app);
    expect(app.slack.posts(CHANNEL).filter((m) => m.thread_ts === promptTs)).toHaveLength(1);
    expect(app.slack.callsTo('conversations.replies').length).toBeGreaterThan(0);
    expect(dmsTo(ADMIN)).toHaveLength(1);
    expect(dmsTo(BRAM)).toHaveLength(1);
    expect(dmsTo(ANOUK)).toHaveLength(0);
  });

  it('does not message again whoever an earlier, interrupted attempt reached', async () => {
    const { deliveryId } = await dueReminder();
    // An earlier attempt posted in the thread and reached Bram before its process stopped.
    await fetch(`${app.slack.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WORKSPACE.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: BRAM, text: 'herinnering', metadata: { event_type: 'vijfvragen_delivery', event_payload: { delivery_id: deliveryId, user_id: BRAM } } }),
    });
    app.slack.script('chat.postMessage', { lose: true }, { channel: CHANNEL });
    await flush(app);
    expect(dmsTo(BRAM)).toHaveLength(1);
    expect(dmsTo(ADMIN)).toHaveLength(1);
  });
});
