import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.js';
import { fixture } from '../support/slack-requests.js';
import { ADMIN, ANOUK, CHANNEL } from '../support/slack-scenario.js';
import { WORKSPACE } from '../support/slack-test-app.js';

const APP_TOKEN = 'xapp-1-A0VIJFVRAG-test';

interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * Slack's side of Socket Mode: a WebSocket server that says hello, sends envelopes and collects
 * the acknowledgements the app sends back (`{ envelope_id, payload }`).
 */
async function startFakeSocket() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const acks: Ack[] = [];
  const waiting = new Map<string, (ack: Ack) => void>();
  let socket: WebSocket | null = null;
  const connected = new Promise<void>((resolve) => {
    server.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const ack = JSON.parse(String(data)) as Ack;
        acks.push(ack);
        waiting.get(ack.envelope_id)?.(ack);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0VIJFVRAG' } }));
      resolve();
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=test`,
    connected,
    acks,
    /** Sends one envelope and resolves with its acknowledgement. */
    deliver(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, retryAttempt = 0): Promise<Ack> {
      const envelopeId = randomUUID();
      const acked = new Promise<Ack>((resolve) => waiting.set(envelopeId, resolve));
      socket?.send(
        JSON.stringify({
          envelope_id: envelopeId,
          payload,
          type,
          accepts_response_payload: type !== 'events_api',
          retry_attempt: retryAttempt,
          retry_reason: retryAttempt ? 'timeout' : '',
        }),
      );
      return acked;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

describe('Slack in Socket Mode (SLACK_APP_TOKEN) through startVijfVragen', () => {
  let slack: FakeSlackApi;
  let socket: Awaited<ReturnType<typeof startFakeSocket>>;
  let running: Running;
  beforeEach(async () => {
    slack = await startFakeSlackApi();
    socket = await startFakeSocket();
    slack.addWorkspace(WORKSPACE);
    slack.addUser(WORKSPACE.teamId, { id: ADMIN, name: 'Ilse (IB)', is_admin: true });
    slack.addUser(WORKSPACE.teamId, { id: ANOUK, name: 'Anouk' });
    slack.openSocketMode(APP_TOKEN, socket.url);
    const config = loadConfig({
      DATA_DIR: 'memory://',
      PORT: '0',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      DELIVERY_POLL_MS: '50',
      SLACK_BOT_TOKEN: WORKSPACE.botToken,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.url,
      TOKEN_SECRET: 'test-token-secret-test-token-secret-0000',
    });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    await socket.connected;
  });
  afterEach(async () => {
    await running.stop();
    await socket.close();
    await slack.close();
  });

  const command = (text: string, user: string) =>
    fixture<Record<string, string>>('command-vijfvragen', {
      team: WORKSPACE.teamId,
      channel: CHANNEL,
      channel_name: 'groep-7',
      user,
      user_name: user.toLowerCase(),
      text,
      response_url: `${slack.origin}/respond/s`,
      trigger_id: 'trigger-s',
    });

  it('connects through SLACK_API_URL, serves no HTTP endpoint, answers commands in the acknowledgement', async () => {
    expect(slack.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    expect((await fetch(`${running.url}/slack/events`, { method: 'POST' })).status).toBe(404);
    const refused = await socket.deliver('slash_commands', command('koppel Groep 7', ANOUK));
    expect(refused.payload).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('coördinator') });
    const bound = await socket.deliver('slash_commands', command('koppel Groep 7', ADMIN));
    expect(bound.payload).toMatchObject({ response_type: 'in_channel', text: expect.stringContaining('Groep 7') });
    expect(await running.app.store.bindings.findByChannel('slack', WORKSPACE.teamId, CHANNEL)).not.toBeNull();
  });

  it('acknowledges a thread reply only once it is stored, and stores a redelivery once', async () => {
    await socket.deliver('slash_commands', command('koppel Groep 7', ADMIN));
    await socket.deliver('slash_commands', command('ronde lezen', ADMIN));
    let prompt = slack.posts(CHANNEL).find((m) => !m.thread_ts);
    for (let i = 0; i < 600 && !prompt; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      prompt = slack.posts(CHANNEL).find((m) => !m.thread_ts);
    }
    if (!prompt) throw new Error('no prompt posted');
    const { store } = running.app;
    const organisationId = (await store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
    const roundId = (await store.rounds.list(organisationId, { status: 'open' }))[0]?.id ?? '';
    const message = fixture('event-message-thread', {
      team: WORKSPACE.teamId,
      bot_user: WORKSPACE.botUserId,
      channel: CHANNEL,
      user: ANOUK,
      text: '2. Ja, met de nieuwe methode',
      ts: '1760200000.000100',
      thread_ts: prompt.ts,
      event_id: 'EvSOCKET001',
    });

    await socket.deliver('events_api', message);
    expect(await store.replies.listByRound(organisationId, roundId)).toMatchObject([
      { questionKey: 'done_well', text: 'Ja, met de nieuwe methode' },
    ]);
    await socket.deliver('events_api', message, 1);
    expect(await store.replies.listByRound(organisationId, roundId)).toHaveLength(1);
  });
});
