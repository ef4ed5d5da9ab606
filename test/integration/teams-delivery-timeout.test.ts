import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
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
    for (const channel of [CHANNEL, OTHER])
      await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7', { channel }));
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
    const to = (channel: string) =>
      deliveries.find((d) => d.target.kind === 'channel' && d.target.bindingId === bindingOf.get(channel));
    expect(to(CHANNEL)).toMatchObject({ status: 'unclear', lastError: 'teams: no answer in time', attempts: 1 });
    expect(to(OTHER)).toMatchObject({ status: 'sent' });
    const prompts = (channel: string) =>
      app.connector.sent.filter((s) => s.conversationId === channel && s.activityId === null);
    expect(prompts(CHANNEL)).toHaveLength(1);
    expect(prompts(OTHER)).toHaveLength(1);
    expect(app.connector.attempts.slice(before).filter((a) => a.conversationId === CHANNEL)).toHaveLength(1);
    // Listed for a coordinator the way `vijfvragen deliveries` lists them.
    expect(
      (await app.store.deliveries.list(organisationId, { statuses: ['failed', 'unclear', 'pending', 'sending'] })).map(
        (d) => d.id,
      ),
    ).toEqual([to(CHANNEL)?.id]);
  });
});

/** The bot's own token comes from Entra before each post; when that fails, Teams saw nothing. */
describe('Teams posting: no token from the token service', () => {
  let app: TeamsTestApp;
  beforeEach(async () => {
    app = await startTeamsTestApp({ credentials: true });
    const say = async (activity: Record<string, unknown>) => app.send(activity, await app.tokenFor(activity));
    await say(botAdded(app.connector.url, ILSE) as unknown as Record<string, unknown>);
    await say(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7') as unknown as Record<string, unknown>);
    await say(mentionInChannel(app.connector.url, ILSE, 'ronde lezen') as unknown as Record<string, unknown>);
  });
  afterEach(async () => app.close());

  it('retries the post later instead of marking it unclear, and posts it once when the token comes', async () => {
    const organisationId = (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
    const before = app.connector.attempts.length;
    app.tokenService.down = true;
    await deliverDue(app.deps, app.channels);
    const [prompt] = (await app.store.deliveries.list(organisationId)).filter((d) => d.purpose === 'prompt');
    expect(prompt).toMatchObject({ status: 'pending', attempts: 1 });
    expect(prompt?.lastError).toContain('not sent: token service unreachable');
    expect(app.connector.attempts.length).toBe(before);

    app.tokenService.down = false;
    app.deps.clock.advance(10 * 60_000);
    await app.flush();
    expect((await app.store.deliveries.list(organisationId)).find((d) => d.id === prompt?.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    expect(app.connector.sent.filter((s) => s.conversationId === CHANNEL && s.activityId === null)).toHaveLength(1);
  });
});
