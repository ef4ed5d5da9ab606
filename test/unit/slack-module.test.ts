import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createSlackModule } from '../../src/bot/slack/index.js';
import { deferAcknowledgement, type InnerReceiver } from '../../src/bot/slack/socket-mode-ack.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMemoryStore } from '../support/memory-store.js';
import { movableClock, recordingLogger } from '../support/world.js';
import { cronCheck } from '../../src/scheduler/occurrences.js';

const deps = () => ({
  store: createMemoryStore(),
  clock: movableClock(),
  newId: randomUUID,
  tokenSecret: 'x'.repeat(40),
  cron: cronCheck,
  log: recordingLogger(),
});
const log = createLogger('silent');

describe('createSlackModule', () => {
  it('is null when Slack is not configured', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    expect(await createSlackModule({ deps: deps(), features: {}, config, log })).toBeNull();
  });

  it('serves no HTTP routes in Socket Mode and starts only on request', async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      TOKEN_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'silent',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    const module = await createSlackModule({ deps: deps(), features: {}, config, log });
    expect(module?.platform).toBe('slack');
    expect(module?.routes).toBeUndefined();
    expect(module?.channel.perChannelIntervalMs).toBe(1100);
  });

  it('refuses OAuth mode without an installation repository', async () => {
    const config = loadConfig({
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: 's',
      SLACK_STATE_SECRET: 'state',
      SLACK_SIGNING_SECRET: 'sig',
      ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      TOKEN_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'silent',
    });
    await expect(createSlackModule({ deps: deps(), features: {}, config, log })).rejects.toThrow(
      /installation repository/,
    );
  });
});

describe('Socket Mode acknowledgement', () => {
  function harness() {
    let app: App | null = null;
    const inner: InnerReceiver = {
      init: (a) => void (app = a),
      start: async () => undefined,
      stop: async () => undefined,
    };
    const receiver = deferAcknowledgement(inner);
    const order: string[] = [];
    return {
      order,
      init(processEvent: (event: { ack: (body?: unknown) => Promise<void> }) => Promise<void>) {
        receiver.init({ processEvent } as unknown as App);
      },
      deliver: () =>
        (app as unknown as { processEvent(e: unknown): Promise<void> }).processEvent({
          body: {},
          ack: async (body?: unknown) => void order.push(`ack:${JSON.stringify(body ?? null)}`),
        }),
    };
  }

  it('sends the acknowledgement only after the listeners finished', async () => {
    const h = harness();
    h.init(async (event) => {
      await event.ack();
      h.order.push('stored');
    });
    await h.deliver();
    expect(h.order).toEqual(['stored', 'ack:null']);
  });

  it('does not acknowledge an event whose processing failed, so Slack delivers it again', async () => {
    const h = harness();
    h.init(async (event) => {
      await event.ack({ response_action: 'errors' });
      throw new Error('database down');
    });
    await expect(h.deliver()).rejects.toThrow('database down');
    expect(h.order).toEqual([]);
  });
});
