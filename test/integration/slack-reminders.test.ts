import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remindDueRounds } from '../../src/dialogues/round-lifecycle.js';
import {
  ADMIN,
  ANOUK,
  BRAM,
  CHANNEL,
  addPeople,
  bindAndOpenRound,
  flush,
  newTs,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const HOUR = 3_600_000;
const SECOND = 1000;

describe('Slack reminders after an unclear post', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  const dmsTo = (user: string) => app.slack.posts(`D${user.slice(1)}`);

  async function dueReminder(): Promise<{ organisationId: string; promptTs: string; deliveryId: string }> {
    const { organisationId, promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '1. Ja', newTs(), promptTs));
    app.deps.clock.advance(24 * HOUR);
    expect(await remindDueRounds(app.deps)).toBe(1);
    const reminder = (await app.store.deliveries.list(organisationId)).find((d) => d.purpose === 'reminder');
    if (!reminder) throw new Error('no reminder delivery');
    return { organisationId, promptTs, deliveryId: reminder.id };
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
    const { organisationId } = await dueReminder();
    // Slack stores Bram's direct message, but the answer never arrives: the attempt is unclear.
    app.slack.script('chat.postMessage', { lose: true }, { channel: BRAM });
    await flush(app);
    app.deps.clock.advance(60 * SECOND);
    await flush(app);
    // The next attempt looked in Bram's DM, found its own post there and sent nothing again.
    expect(app.slack.callsTo('conversations.history').length).toBeGreaterThan(0);
    expect(dmsTo(BRAM)).toHaveLength(1);
    expect(dmsTo(ADMIN)).toHaveLength(1);
    const bram = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, BRAM);
    const personal = (await app.store.deliveries.list(organisationId)).filter((d) => d.target.kind === 'person');
    expect(personal.find((d) => d.target.kind === 'person' && d.target.personId === bram?.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('shows each reminder DM in the delivery table, and retries one that failed', async () => {
    const { organisationId, deliveryId } = await dueReminder();
    app.slack.script('chat.postMessage', { status: 500 }, { channel: ADMIN });
    await flush(app);
    const reminders = async () =>
      (await app.store.deliveries.list(organisationId)).filter((d) => d.purpose === 'reminder' && d.id !== deliveryId);
    const admin = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, ADMIN);
    const bram = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, BRAM);
    // One row per person who has not answered (Anouk has), addressed to them on Slack.
    expect(
      (await reminders()).map((d) => d.target).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual(
      [admin?.id, bram?.id]
        .map((personId) => ({ kind: 'person', personId, platform: 'slack' }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    // Admin's first attempt met a 500; the worker looked in the DM, found nothing and posted again.
    const retried = (await reminders()).find((d) => d.target.kind === 'person' && d.target.personId === admin?.id);
    expect(retried).toMatchObject({ status: 'sent', attempts: 2 });
    expect(app.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === ADMIN)).toHaveLength(2);
    expect(dmsTo(ADMIN)).toHaveLength(1);
    expect(dmsTo(BRAM)).toHaveLength(1);
    expect((await reminders()).map((d) => d.status)).toEqual(['sent', 'sent']);
  });
});
