import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  ANOUK,
  CHANNEL,
  addPeople,
  commandText,
  flush,
  newTs,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

/**
 * A prompt is out in Slack before its post is recorded: for a moment after chat.postMessage, or
 * until the delivery is retried when the replica that posted it died in between. A reply in its
 * thread then is stored through the post's metadata, never acknowledged and dropped.
 */
describe('Slack: a reply under a prompt whose post is not recorded yet', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  /** Binds the channel and opens a round without running the delivery worker: the prompt is pending. */
  async function pendingPrompt() {
    await commandText(await app.command('koppel Groep 7', ADMIN, CHANNEL, { channelName: 'groep-7' }));
    await commandText(await app.command('ronde begrijpend lezen', ADMIN, CHANNEL));
    const organisationId = (await app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
    const delivery = (await app.store.deliveries.list(organisationId)).find((d) => d.purpose === 'prompt');
    if (!delivery?.roundId) throw new Error('no pending prompt');
    return { organisationId, roundId: delivery.roundId, deliveryId: delivery.id };
  }

  /** What a replica that died after posting left in Slack: the bot's post with its metadata. */
  function postedByTheBot(deliveryId: string, channel = CHANNEL): string {
    const ts = newTs();
    app.slack.messages.push({
      teamId: WORKSPACE.teamId,
      channel,
      ts,
      text: 'Vraag van de ronde',
      blocks: [],
      bot_id: WORKSPACE.botId,
      metadata: { event_type: 'vijfvragen_delivery', event_payload: { delivery_id: deliveryId } },
    });
    return ts;
  }

  it('stores the reply by the delivery named in the root post, once; the retried delivery finds the post and posts nothing twice', async () => {
    const { organisationId, roundId, deliveryId } = await pendingPrompt();
    // A replica claimed the delivery, posted, and died before recording the post.
    const [claimed] = await app.store.deliveries.claimDue(app.deps.clock.now(), 1, 2 * 60_000);
    expect(claimed?.id).toBe(deliveryId);
    const rootTs = postedByTheBot(deliveryId);
    const event = threadMessage(ANOUK, '1. Ja, de leesmotivatie is gestegen', newTs(), rootTs);

    expect((await app.event(event)).status).toBe(200);
    expect((await app.event(event)).status).toBe(200);
    const replies = await app.store.replies.listByRound(organisationId, roundId);
    expect(replies.map((r) => r.text)).toEqual(['Ja, de leesmotivatie is gestegen']);
    expect(app.slack.callsTo('conversations.replies').map((c) => c.params.ts)).toContain(rootTs);

    // The lease runs out; the next worker checks the channel, finds the post and records it.
    app.deps.clock.advance(3 * 60_000);
    await flush(app);
    const prompts = app.slack.posts(CHANNEL).filter((m) => m.metadata?.event_payload.delivery_id === deliveryId);
    expect(prompts.map((m) => m.ts)).toEqual([rootTs]);
    expect((await app.store.deliveries.get(organisationId, deliveryId))?.postedRef).toBe(rootTs);
    // From now on the thread is known: a further reply asks Slack nothing.
    const asked = app.slack.callsTo('conversations.replies').length;
    await app.event(threadMessage(ANOUK, '2. Nog een antwoord', newTs(), rootTs));
    expect(app.slack.callsTo('conversations.replies')).toHaveLength(asked);
    expect(await app.store.replies.listByRound(organisationId, roundId)).toHaveLength(2);
  });

  it('ignores a thread whose root is not the bot, or names a delivery of no prompt in this channel', async () => {
    const { organisationId, roundId, deliveryId } = await pendingPrompt();
    const rootTs = postedByTheBot(deliveryId);
    const notUnderBot = threadMessage(ANOUK, '1. Onder een ander bericht', newTs(), rootTs);
    (notUnderBot.event as Record<string, unknown>).parent_user_id = ANOUK;
    expect((await app.event(notUnderBot)).status).toBe(200);

    const forged = postedByTheBot('no-such-delivery');
    expect((await app.event(threadMessage(ANOUK, '1. Onder een vreemde post', newTs(), forged))).status).toBe(200);

    expect(await app.store.replies.listByRound(organisationId, roundId)).toEqual([]);
    // The first reply never asked Slack: only a thread under the bot's own post can be a prompt.
    expect(app.slack.callsTo('conversations.replies').map((c) => c.params.ts)).toEqual([forged]);
  });

  it('fails the event when Slack cannot say what the root is, so Slack delivers it again', async () => {
    const { organisationId, roundId, deliveryId } = await pendingPrompt();
    const rootTs = postedByTheBot(deliveryId);
    const event = threadMessage(ANOUK, '1. Ja', newTs(), rootTs);
    app.slack.script('conversations.replies', { status: 500 }, { times: 5 });
    expect((await app.event(event)).status).toBe(500);
    expect(await app.store.replies.listByRound(organisationId, roundId)).toEqual([]);

    app.slack.unscript('conversations.replies');
    expect((await app.event(event)).status).toBe(200);
    expect(await app.store.replies.listByRound(organisationId, roundId)).toHaveLength(1);
  });
});
