import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, ILSE, TENANT, botAdded, mentionInChannel } from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

const OTHER = '19:kanaal-2@thread.tacv2';

/**
 * A Bot Connector that takes a post and never answers. Without a timeout on the connector call
 * the send waited for ever, and with it the delivery worker's batch and every post behind it.
 */
describe('Teams posting: a connector call that gets no answer', () => {
  let app: TeamsTestApp;
  beforeEach(async () => {
    app = await startTeamsTestApp({ connectorTimeoutMs: 300 });
    await app.send(botAdded(app.connector.url, ILSE));
    for (const channel of [CHANNEL, OTHER]) await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7', { channel }));
  });
  afterEach(async () => app.close());

  it('times out as unclear (handed to a coordinator, not posted again) and the worker goes on with the other posts', async () => {
    await app.send(mentionInChannel(app.connector.url, ILSE, 'ronde lezen'));
    // Teams made the post; its answer never comes.
    app.connector.fail({ hang: true, applied: true }, { conversation: CHANNEL });
    const before = app.connector.attempts.length;
    await app.flush();

    const organisationId = (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
    const bindingOf = new Map((await app.store.bindings.list(organisationId)).map((b) => [b.channelId, b.id]));
    const deliveries = await app.store.deliveries.list(organisationId);
    const to = (channel: string) => deliveries.find((d) => d.target.kind === 'channel' && d.target.bindingId === bindingOf.get(channel));
    expect(to(CHANNEL)).toMatchObject({ status: 'unclear', lastError: 'teams: no answer in time', attempts: 1 });
    expect(to(OTHER)).toMatchObject({ status: 'sent' });
    const prompts = (channel: string) => app.connector.sent.filter((s) => s.conversationId === channel && s.activityId === null);
    expect(prompts(CHANNEL)).toHaveLength(1);
    expect(prompts(OTHER)).toHaveLength(1);
    expect(app.connector.attempts.slice(before).filter((a) => a.conversationId === CHANNEL)).toHaveLength(1);
    // Listed for a coordinator the way `vijfvragen deliveries` lists them.
    expect((await app.store.deliveries.list(organisationId, { statuses: ['failed', 'unclear', 'pending', 'sending'] })).map((d) => d.id)).toEqual([to(CHANNEL)?.id]);
  });
});
