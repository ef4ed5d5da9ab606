import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, freePort, sleep, startChild, type Child } from '../../bench/bench-support.js';
import type { Store } from '../../src/dialogues/ports.js';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrate.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { replicaNetworks, type ReplicaNetworks } from './replica-network.js';
import { startNginx, type NginxProxy } from '../deploy/nginx-proxy.js';
import { printFigures } from '../faults/fault-support.js';
import { waitFor } from '../faults/slack-worker.js';
import { seedScheduledBoard } from '../support/builders.js';
import { startFakeSlackApi, type FakeMessage } from '../support/fake-slack-api.js';
import { fixture, sign } from '../support/slack-requests.js';

const CHANNELS = Number(process.env.CLUSTER_CHANNELS ?? 500);
const REPLIES = Number(process.env.CLUSTER_REPLIES ?? 2000);
const REPLICAS = 3;
const SIGNING_SECRET = randomBytes(16).toString('hex');
const WORKSPACE = {
  teamId: 'T0001',
  teamName: 'Stichting Cluster',
  botToken: 'xoxb-cluster',
  botUserId: 'U0CLUSBOT',
  botId: 'B0CLUS',
};
const USERS = Array.from({ length: 8 }, (_, i) => `U0CL${String(i).padStart(5, '0')}`);

/**
 * Several replicas, proved: three bot processes (`node bin/vijfvragen.js start`, each its own OS
 * process in its own network namespace where this machine allows it, see replica-network.ts and
 * docs/production.md) behind the shipped
 * nginx site on one PostgreSQL database made for this run. They start at the same moment on the
 * empty database (migrations must run once), then a schedule fires for 500 channels while 2,000
 * signed thread replies arrive through the proxy; one replica is SIGKILLed and another restarted
 * (SIGTERM, start again) meanwhile. Afterwards: one round per (schedule, occurrence, team), one
 * prompt per channel, every acknowledged reply stored once.
 */
describe('cluster: three replicas behind nginx on one PostgreSQL', () => {
  const dbName = `vv_cluster_${randomBytes(4).toString('hex')}`;
  let url: string;
  let slack: Awaited<ReturnType<typeof startFakeSlackApi>>;
  let proxy: NginxProxy;
  let handle: DatabaseHandle;
  let store: Store;
  const ports: number[] = [];
  const replicas: (Child | null)[] = [];
  let network: ReplicaNetworks;
  /** Per replica: PostgreSQL's and the fake Slack API's URLs as seen from its namespace. */
  const seen: { databaseUrl: string; slackUrl: string }[] = [];

  const startReplica = (i: number) => {
    const net = network.replicas[i];
    if (!net) throw new Error(`no network for replica ${i}`);
    return startChild(
      ['bin/vijfvragen.js', 'start'],
      {
        DATABASE_URL: seen[i]?.databaseUrl ?? url,
        HOST: net.address,
        PORT: String(ports[i]),
        PUBLIC_URL: proxy.publicUrl,
        TRUST_PROXY: net.prefix.length > 0 ? net.hostAddress : 'loopback',
        SLACK_BOT_TOKEN: WORKSPACE.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: seen[i]?.slackUrl ?? slack.url,
        TOKEN_SECRET: 'cluster-token-secret-cluster-token-secret',
        LOG_LEVEL: 'warn',
        TICK_CRON: '*/2 * * * * *',
        DELIVERY_POLL_MS: '200',
        DELIVERY_LEASE_MS: '3000',
      },
      `http://${net.address}:${ports[i]}/readyz`,
      180_000,
      net.prefix,
    );
  };

  beforeAll(async () => {
    url = await createDatabase(dbName);
    slack = await startFakeSlackApi({ perChannelMs: 1000 });
    slack.addWorkspace(WORKSPACE);
    for (const user of USERS) slack.addUser(WORKSPACE.teamId, { id: user, name: `Leraar ${user}` });
    for (let i = 0; i < REPLICAS; i += 1) ports.push(await freePort());
    network = await replicaNetworks(REPLICAS);
    console.log(
      network.kind === 'netns'
        ? `cluster: each replica in its own network namespace (${network.replicas.map((r) => r.address).join(', ')})`
        : `cluster: replicas on loopback (${network.reason})`,
    );
    for (const net of network.replicas) {
      const database = new URL(url);
      database.port = String(await net.reach(database.hostname, Number(database.port || 5432)));
      database.hostname = net.hostAddress;
      const api = new URL(slack.url);
      api.port = String(await net.reach(api.hostname, Number(api.port)));
      api.hostname = net.hostAddress;
      seen.push({ databaseUrl: database.toString(), slackUrl: api.toString() });
    }
    proxy = await startNginx(network.replicas.map((net, i) => `${net.address}:${ports[i]}`));
  });

  afterAll(async () => {
    for (const replica of replicas) await replica?.stop('SIGKILL');
    await handle?.close();
    await proxy?.stop();
    await slack?.close();
    await dropDatabase(dbName);
    await network?.remove();
  });

  it('runs the migrations once when three replicas start at the same moment on an empty database', async () => {
    replicas.push(...(await Promise.all(Array.from({ length: REPLICAS }, (_, i) => startReplica(i)))));
    handle = await openDatabase({ databaseUrl: url });
    store = createSqlStore(handle.db);
    const { rows } = await sql<{
      name: string;
      n: number;
    }>`select name, count(*)::int as n from kysely_migration group by name order by name`.execute(handle.db);
    printFigures('cluster migrations at one moment', {
      sent: REPLICAS,
      stored: rows.length,
      duplicated: rows.filter((r) => r.n > 1).length,
      lost: Object.keys(migrations).length - rows.length,
      refused: 0,
      replicasUp: replicas.filter((r) => r?.process.exitCode === null).length,
    });
    expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(replicas.every((r) => r?.process.exitCode === null)).toBe(true);
  });

  it('one round per occurrence, one prompt per channel, every acknowledged reply stored, through a SIGKILL and a rolling restart', async () => {
    // A schedule that fires once, at the start of the next full minute (UTC) and a little later.
    const fireAt = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
    const cron = `${fireAt.getUTCMinutes()} ${fireAt.getUTCHours()} ${fireAt.getUTCDate()} ${fireAt.getUTCMonth() + 1} *`;
    const board = await seedScheduledBoard(store, { teams: CHANNELS, cron, timeZone: 'UTC', createdAt: new Date() });
    await store.workspaces.link('slack', WORKSPACE.teamId, board.organisationId);
    for (const binding of board.bindings) slack.setMembers(binding.channelId, [...USERS, WORKSPACE.botUserId]);

    const prompts = () => {
      const byChannel = new Map<string, FakeMessage[]>();
      for (const m of slack.messages) {
        if (m.thread_ts || m.metadata?.event_type !== 'vijfvragen_delivery') continue;
        byChannel.set(m.channel, [...(byChannel.get(m.channel) ?? []), m]);
      }
      return byChannel;
    };
    expect(await waitFor(() => prompts().size > 0, 150_000, 200)).toBe(true);

    // Replies: to channels whose prompt is out, through nginx, like Slack: retried until acknowledged.
    let seq = 0;
    const acked = new Set<string>();
    let refusedAttempts = 0;
    const sendReply = async (): Promise<void> => {
      const posted = [...prompts().values()].map((list) => list[0]).filter((m): m is FakeMessage => m !== undefined);
      const prompt = posted[seq % posted.length];
      if (!prompt) return;
      seq += 1;
      const n = seq;
      const text = `Antwoord ${n} in het cluster`;
      const ts = `1795${String(n).padStart(6, '0')}.${String(n).padStart(6, '0')}`;
      const body = JSON.stringify(
        fixture('event-message-thread', {
          team: WORKSPACE.teamId,
          bot_user: WORKSPACE.botUserId,
          channel: prompt.channel,
          user: USERS[n % USERS.length] ?? '',
          ts,
          thread_ts: prompt.ts,
          text,
          event_id: `EvCL${randomUUID().slice(0, 12)}`,
        }),
      );
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await proxy
          .request('/slack/events', {
            method: 'POST',
            body,
            headers: {
              'content-type': 'application/json',
              'x-slack-request-timestamp': String(timestamp),
              'x-slack-signature': sign(SIGNING_SECRET, timestamp, body),
            },
          })
          .catch(() => null);
        if (response?.status === 200) {
          acked.add(text);
          return;
        }
        refusedAttempts += 1;
        await sleep(500);
      }
    };
    const senders = Array.from({ length: 8 }, async () => {
      while (seq < REPLIES) {
        await sendReply();
        await sleep(5);
      }
    });

    // Meanwhile: SIGKILL replica 0 early in the round, restart replica 1 (graceful) later, then bring 0 back.
    const events: string[] = [];
    const chaos = (async () => {
      await waitFor(() => prompts().size >= CHANNELS / 4, 300_000, 50);
      await replicas[0]?.stop('SIGKILL');
      events.push(`kill0@${prompts().size}`);
      await waitFor(() => prompts().size >= CHANNELS / 2, 300_000, 50);
      await replicas[1]?.stop('SIGTERM');
      events.push(`stop1@${prompts().size}`);
      replicas[1] = await startReplica(1);
      events.push(`start1@${prompts().size}`);
      replicas[0] = await startReplica(0);
      events.push(`start0@${prompts().size}`);
    })();
    await Promise.all([...senders, chaos]);

    const allSent = await waitFor(
      async () => {
        const list = await store.deliveries.list(board.organisationId);
        return list.length >= CHANNELS && list.every((d) => d.status === 'sent');
      },
      600_000,
      1000,
    );
    await sleep(3000);

    const rounds = await store.rounds.list(board.organisationId);
    const roundKeys = new Set(rounds.map((r) => `${r.scheduleId}|${r.occurrenceAt?.toISOString()}|${r.teamId}`));
    const replies = (
      await Promise.all(rounds.map((r) => store.replies.listByRound(board.organisationId, r.id)))
    ).flat();
    const storedTexts = new Set(replies.map((r) => r.text));
    const posted = prompts();
    const totalPrompts = [...posted.values()].reduce((n, list) => n + list.length, 0);
    const figures = {
      sent: seq,
      stored: replies.length,
      duplicated: replies.length - storedTexts.size,
      lost: [...acked].filter((t) => !storedTexts.has(t)).length,
      refused: refusedAttempts,
      acknowledged: acked.size,
      rounds: rounds.length,
      roundDuplicates: rounds.length - roundKeys.size,
      channels: CHANNELS,
      prompts: totalPrompts,
      promptDuplicates: totalPrompts - posted.size,
      promptsMissing: CHANNELS - posted.size,
      historyChecks: slack.callsTo('conversations.history').length,
      // Replies that came in under a prompt before its post was recorded, found by the post's metadata.
      rootLookups: slack.callsTo('conversations.replies').length,
      events: events.join('/'),
      replicasUp: replicas.filter((r) => r?.process.exitCode === null).length,
      network: network.kind,
    };
    printFigures('cluster 3 replicas, SIGKILL + rolling restart, 500-channel round', figures);
    expect(allSent).toBe(true);
    expect(figures).toMatchObject({
      duplicated: 0,
      lost: 0,
      roundDuplicates: 0,
      promptDuplicates: 0,
      promptsMissing: 0,
      rounds: CHANNELS,
    });
    expect(acked.size).toBe(REPLIES);
    expect(replies.length).toBe(REPLIES);
    expect(figures.replicasUp).toBe(REPLICAS);
  });
});
