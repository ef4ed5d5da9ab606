import { randomUUID } from 'node:crypto';
import { createSlackModule } from '../src/bot/slack/index.js';
import { loadConfig } from '../src/config.js';
import type { DialogueDeps } from '../src/dialogues/deps.js';
import { openRound } from '../src/dialogues/open-round.js';
import { createLogger } from '../src/logger.js';
import { startDeliveryLoop } from '../src/scheduler/delivery-loop.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createSqlStore } from '../src/store/sql-store.js';
import { startFakeSlackApi } from '../test/support/fake-slack-api.js';
import { sleep } from './bench-support.js';
import { cronCheck } from '../src/scheduler/occurrences.js';

export interface FanoutOptions {
  databaseUrl: string;
  channels: number;
  /** The fake's workspace cap, and the pace Vijf Vragen is configured with (posts per minute). */
  workspacePerMinute: number;
}

export interface FanoutFigures {
  channels: number;
  workspacePerMinute: number;
  /** Seconds from starting the delivery worker to the last prompt posted. */
  seconds: number;
  /** The least time the limits allow: the fake's bucket holds one second of posts, then W per second. */
  floorSeconds: number;
  posted: number;
  duplicates: number;
  lost: number;
  refused429: number;
  earlyRetries: number;
  deliveriesNotSent: number;
  /** Seconds spent opening the rounds (1 round and 1 prompt queued per channel), not timed against the floor. */
  openSeconds: number;
}

const WORKSPACE = {
  teamId: 'T0FANOUT1',
  teamName: 'Stichting Fan-out',
  botToken: 'xoxb-fanout-token',
  botUserId: 'U0FANBOT',
  botId: 'B0FAN',
};

/**
 * (b) One round to many channels against a fake Slack that enforces one post per second per
 * channel and a workspace cap, with 429 and Retry-After: the real Slack module and the real
 * delivery loop on PostgreSQL, in this process.
 */
export async function benchFanout(options: FanoutOptions): Promise<FanoutFigures> {
  const perSecond = options.workspacePerMinute / 60;
  const slack = await startFakeSlackApi({ perChannelMs: 1000, workspacePerSecond: perSecond });
  slack.addWorkspace(WORKSPACE);
  const handle = await openDatabase({ databaseUrl: options.databaseUrl });
  try {
    await migrateToLatest(handle.db);
    const store = createSqlStore(handle.db);
    const log = createLogger('error');
    const config = loadConfig({
      SLACK_BOT_TOKEN: WORKSPACE.botToken,
      SLACK_SIGNING_SECRET: 'fanout-signing-secret-0123456789',
      SLACK_API_URL: slack.url,
      TOKEN_SECRET: 'fanout-token-secret-fanout-token-secret-0',
      LOG_LEVEL: 'error',
    });
    const deps: DialogueDeps = {
      store,
      clock: { now: () => new Date() },
      newId: randomUUID,
      tokenSecret: config.tokenSecret,
      cron: cronCheck,
      log,
    };
    const module = await createSlackModule(
      { deps, features: {}, config, log },
      { pacing: { postsPerMinute: options.workspacePerMinute, burst: Math.max(1, Math.floor(perSecond)) } },
    );
    if (!module) throw new Error('bench: Slack module did not start');

    const organisationId = randomUUID();
    const now = new Date();
    await store.organisations.create({
      id: organisationId,
      name: 'Stichting Fan-out',
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
      retentionDays: null,
      createdAt: now,
    });
    await store.workspaces.link('slack', WORKSPACE.teamId, organisationId);
    const schoolId = randomUUID();
    await store.schools.create({ id: schoolId, organisationId, name: 'De Grote School' });
    const teamIds: string[] = [];
    for (let i = 0; i < options.channels; i += 1) {
      const teamId = randomUUID();
      await store.teams.create({ id: teamId, organisationId, schoolId, name: `Team ${i}` });
      const channelId = `C0FAN${String(i).padStart(5, '0')}`;
      await store.bindings.upsert({
        id: randomUUID(),
        organisationId,
        teamId,
        platform: 'slack',
        workspaceId: WORKSPACE.teamId,
        channelId,
        name: `#team-${i}`,
        address: {},
        createdAt: now,
      });
      teamIds.push(teamId);
    }
    const openStarted = performance.now();
    for (const teamId of teamIds) {
      const opened = await openRound(deps, {
        organisationId,
        teamId,
        trigger: 'ad_hoc',
        triggeredBy: null,
        template: null,
        theme: 'begrijpend lezen',
      });
      if (!opened.ok) throw new Error(`bench: round not opened: ${opened.code}`);
    }
    const openSeconds = (performance.now() - openStarted) / 1000;

    const started = performance.now();
    const loop = startDeliveryLoop(deps, new Map([['slack', module.channel]]), { pollMs: 200 });
    const floorSeconds = Math.max(0, options.channels - perSecond) / perSecond;
    const deadline = started + (floorSeconds * 3 + 60) * 1000;
    const prompts = () =>
      slack.messages.filter((m) => m.metadata?.event_type === 'vijfvragen_delivery' && !m.thread_ts);
    let lastPostAt = started;
    while (performance.now() < deadline && new Set(prompts().map((m) => m.channel)).size < options.channels) {
      const before = prompts().length;
      await sleep(50);
      if (prompts().length > before) lastPostAt = performance.now();
    }
    // A little longer: a duplicate would show up now.
    await sleep(2000);
    await loop.stop();
    await module.stop?.();
    const posted = prompts();
    const distinct = new Set(posted.map((m) => m.channel)).size;
    const notSent = (await store.deliveries.list(organisationId)).filter((d) => d.status !== 'sent').length;
    return {
      channels: options.channels,
      workspacePerMinute: options.workspacePerMinute,
      seconds: (lastPostAt - started) / 1000,
      floorSeconds,
      posted: posted.length,
      duplicates: posted.length - distinct,
      lost: options.channels - distinct,
      refused429: slack.limitFigures.refused,
      earlyRetries: slack.limitFigures.early,
      deliveriesNotSent: notSent,
      openSeconds,
    };
  } finally {
    await handle.close();
    await slack.close();
  }
}
