import { afterEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import type { Platform } from '../../src/dialogues/model.js';
import type { ChatChannel } from '../../src/dialogues/ports.js';
import { remindDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { ADMIN, BRAM, addPeople, bindAndOpenRound, commandText, flush } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const channelsOf = (n: number) => Array.from({ length: n }, (_, i) => `C0RATE${String(i).padStart(3, '0')}`);

describe('Slack rate limits: workspace pace and 429 Retry-After', () => {
  let app: SlackTestApp;
  afterEach(async () => app.close());

  async function roundIn(channels: string[]): Promise<void> {
    for (const channel of channels)
      expect((await commandText(await app.command('koppel Groep 7', ADMIN, channel))).type).toBe('in_channel');
    await app.command('ronde lezen', ADMIN, channels[0] ?? '');
  }

  /** The Slack channel, recording on the test's clock when each post went out. */
  function timed(): { channels: Map<Platform, ChatChannel>; sentAt: number[] } {
    const inner = app.channels.get('slack');
    if (!inner) throw new Error('no slack channel');
    const sentAt: number[] = [];
    const channel: ChatChannel = {
      ...inner,
      platform: 'slack',
      send: async (request) => {
        const outcome = await inner.send(request);
        if (outcome.status === 'sent') sentAt.push(app.deps.clock.now().getTime());
        return outcome;
      },
    };
    return { channels: new Map([['slack', channel]]), sentAt };
  }

  it('spreads a round over the workspace: a burst, then one post per interval, each channel once', async () => {
    app = await startSlackTestApp({ pacing: { postsPerMinute: 60, burst: 3 } });
    addPeople(app);
    const channels = channelsOf(9);
    await roundIn(channels);
    const { channels: paced, sentAt } = timed();
    // One conversation at a time: a wait moves the shared fake clock, so side-by-side waits would blur the times.
    for (let i = 0; i < 40; i += 1) {
      const figures = await deliverDue(app.deps, paced, { concurrency: 1 });
      if (figures.claimed === 0 && sentAt.length === channels.length) break;
      app.deps.clock.advance(SECOND);
    }
    for (const channel of channels) expect(app.slack.posts(channel)).toHaveLength(1);
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(channels.length);
    const sorted = [...sentAt].sort((a, b) => a - b);
    const first = sorted[0] ?? 0;
    // Post i (from 0) goes no sooner than (i - burst + 1) intervals after the first.
    sorted.forEach((at, i) => expect(at - first).toBeGreaterThanOrEqual(Math.max(0, i - 2) * SECOND));
  });

  it('after a 429 sends nothing to the workspace until Retry-After has passed, then everything once', async () => {
    app = await startSlackTestApp();
    addPeople(app);
    const channels = channelsOf(3);
    await roundIn(channels);
    app.slack.script('chat.postMessage', { status: 429, retryAfter: 20 });
    // One conversation at a time: the first post meets the 429, the others must not be tried.
    await deliverDue(app.deps, app.channels, { concurrency: 1 });
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(1);
    for (const step of [5, 5, 9]) {
      app.deps.clock.advance(step * SECOND);
      await deliverDue(app.deps, app.channels, { concurrency: 1 });
      expect(app.slack.callsTo('chat.postMessage')).toHaveLength(1);
    }
    app.deps.clock.advance(2 * SECOND);
    for (let i = 0; i < 5; i += 1) {
      await deliverDue(app.deps, app.channels, { concurrency: 1 });
      app.deps.clock.advance(2 * SECOND);
    }
    for (const channel of channels) expect(app.slack.posts(channel)).toHaveLength(1);
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(channels.length + 1);
    const organisationId = (await app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
    expect((await app.store.deliveries.list(organisationId)).map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('waits out a 429 on a reminder DM and sends it once', async () => {
    app = await startSlackTestApp();
    addPeople(app);
    await bindAndOpenRound(app);
    app.deps.clock.advance(24 * HOUR);
    expect(await remindDueRounds(app.deps)).toBe(1);
    app.slack.script('chat.postMessage', { status: 429, retryAfter: 5 }, { channel: BRAM });
    await flush(app);
    // The DM is a delivery of its own: the worker tries it again once Retry-After has passed.
    expect(app.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === BRAM)).toHaveLength(1);
    app.deps.clock.advance(6 * SECOND);
    await flush(app);
    expect(app.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === BRAM)).toHaveLength(2);
    expect(app.slack.posts(`D${BRAM.slice(1)}`)).toHaveLength(1);
    expect(app.slack.posts(`D${ADMIN.slice(1)}`)).toHaveLength(1);
  });
});
