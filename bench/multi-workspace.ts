import { randomUUID } from 'node:crypto';
import { createSlackModule } from '../src/bot/slack/index.js';
import { createTokenBox } from '../src/bot/slack/token-crypto.js';
import { loadConfig } from '../src/config.js';
import type { DialogueDeps } from '../src/dialogues/deps.js';
import { openRound } from '../src/dialogues/open-round.js';
import { createLogger } from '../src/logger.js';
import { startDeliveryLoop } from '../src/scheduler/delivery-loop.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { slackInstallationRepository } from '../src/store/slack-installation-repository.js';
import { createSqlStore } from '../src/store/sql-store.js';
import { startFakeSlackApi } from '../test/support/fake-slack-api.js';
import { sleep } from './bench-support.js';
import { cronCheck } from '../src/scheduler/occurrences.js';

export interface MultiWorkspaceOptions {
  databaseUrl: string;
  workspaces: number;
  channelsPerWorkspace: number;
  /** Each workspace's own cap in the fake (posts per minute); Vijf Vragen paces itself just below it. */
  workspacePerMinute: number;
  /** DELIVERY_CONCURRENCY and DELIVERY_BATCH of the instance. */
  concurrency: number;
  batch: number;
}

export interface MultiWorkspaceFigures {
  workspaces: number;
  channelsPerWorkspace: number;
  workspacePerMinute: number;
  /** The pace Vijf Vragen was set to (posts per minute per workspace) and its burst. */
  pacePerMinute: number;
  paceBurst: number;
  concurrency: number;
  batch: number;
  /** Seconds from starting the delivery worker to the last prompt posted. */
  seconds: number;
  /** One workspace's floor: its bucket holds one second of posts, then W per second. */
  floorSeconds: number;
  /** Seconds until the first and the last workspace had all their prompts. */
  firstWorkspaceDoneSeconds: number;
  posted: number;
  duplicates: number;
  lost: number;
  refused429: number;
  earlyRetries: number;
  historyChecks: number;
  deliveriesNotSent: number;
  openSeconds: number;
}

/** Vijf Vragen's pace as a share of the workspace's cap. */
const PACE_MARGIN = Number(process.env.BENCH_PACE_MARGIN ?? 0.97);
const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
const teamIdOf = (w: number) => `T0MULTI${String(w).padStart(3, '0')}`;

/**
 * (e) One instance serving many school boards: one round to every channel of many Slack
 * workspaces (OAuth installations, one organisation each), against a fake Slack that limits
 * each workspace on its own (1 post/s per channel, W posts/min per workspace, 429 with
 * Retry-After). Workspaces paced in parallel finish near one workspace's floor; paced one
 * after another they would take the floor times the number of workspaces.
 */
export async function benchMultiWorkspace(options: MultiWorkspaceOptions): Promise<MultiWorkspaceFigures> {
  const perSecond = options.workspacePerMinute / 60;
  const slack = await startFakeSlackApi({ perChannelMs: 1000, workspacePerSecond: perSecond });
  const handle = await openDatabase({ databaseUrl: options.databaseUrl });
  try {
    await migrateToLatest(handle.db);
    const store = createSqlStore(handle.db);
    const installations = slackInstallationRepository(handle.db);
    const box = createTokenBox(ENCRYPTION_KEY);
    const log = createLogger('error');
    const config = loadConfig({
      SLACK_CLIENT_ID: '1234.5678',
      SLACK_CLIENT_SECRET: 'multi-client-secret',
      SLACK_STATE_SECRET: 'multi-state-secret-0123456789',
      ENCRYPTION_KEY,
      SLACK_SIGNING_SECRET: 'multi-signing-secret-0123456789',
      SLACK_API_URL: slack.url,
      TOKEN_SECRET: 'multi-token-secret-multi-token-secret-00',
      LOG_LEVEL: 'error',
      DELIVERY_CONCURRENCY: String(options.concurrency),
      DELIVERY_BATCH: String(options.batch),
    });
    const deps: DialogueDeps = {
      store,
      clock: { now: () => new Date() },
      newId: randomUUID,
      tokenSecret: config.tokenSecret,
      cron: cronCheck,
      log,
    };
    // Just below the cap, with a burst one post short of the fake's bucket (a second of posts):
    // paced exactly at the cap, the posts' timing jitter crosses it now and then, and each 429
    // costs an attempt and a look-back. BENCH_PACE_MARGIN and BENCH_PACE_BURST change them.
    const pacePerMinute = Math.floor(options.workspacePerMinute * PACE_MARGIN);
    const paceBurst = Number(process.env.BENCH_PACE_BURST ?? Math.max(1, Math.floor(perSecond) - 1));
    const module = await createSlackModule(
      { deps, features: {}, config, log, slackInstallations: installations },
      { pacing: { postsPerMinute: pacePerMinute, burst: paceBurst } },
    );
    if (!module) throw new Error('bench: Slack module did not start');

    const now = new Date();
    const rounds: { organisationId: string; teamId: string }[] = [];
    const channelTeam = new Map<string, string>();
    for (let w = 0; w < options.workspaces; w += 1) {
      const teamId = teamIdOf(w);
      const workspace = {
        teamId,
        teamName: `Stichting ${w}`,
        botToken: `xoxb-multi-${w}`,
        botUserId: `U0BOT${w}`,
        botId: `B0BOT${w}`,
      };
      slack.addWorkspace(workspace);
      const organisationId = randomUUID();
      await store.organisations.create({
        id: organisationId,
        name: workspace.teamName,
        locale: 'nl',
        timeZone: 'Europe/Amsterdam',
        retentionDays: null,
        createdAt: now,
      });
      await store.workspaces.link('slack', teamId, organisationId);
      const installation = {
        team: { id: teamId, name: workspace.teamName },
        enterprise: undefined,
        user: { id: 'U0ADMIN', token: undefined, scopes: undefined },
        bot: { token: workspace.botToken, userId: workspace.botUserId, id: workspace.botId, scopes: ['chat:write'] },
        tokenType: 'bot',
        isEnterpriseInstall: false,
        appId: 'A0VIJF',
      };
      await installations.save({
        teamId,
        enterpriseId: null,
        organisationId,
        botUserId: workspace.botUserId,
        sealed: box.seal(JSON.stringify(installation), teamId),
        installedAt: now,
        updatedAt: now,
      });
      const schoolId = randomUUID();
      await store.schools.create({ id: schoolId, organisationId, name: `School ${w}` });
      for (let i = 0; i < options.channelsPerWorkspace; i += 1) {
        const dialogueTeamId = randomUUID();
        await store.teams.create({ id: dialogueTeamId, organisationId, schoolId, name: `Team ${i}` });
        const channelId = `C${String(w).padStart(3, '0')}${String(i).padStart(5, '0')}`;
        channelTeam.set(channelId, teamId);
        await store.bindings.upsert({
          id: randomUUID(),
          organisationId,
          teamId: dialogueTeamId,
          platform: 'slack',
          workspaceId: teamId,
          channelId,
          name: `#team-${i}`,
          address: {},
          createdAt: now,
        });
        rounds.push({ organisationId, teamId: dialogueTeamId });
      }
    }
    // Rounds opened one workspace after another, as a tick opening every board's Monday round does.
    const openStarted = performance.now();
    for (const round of rounds) {
      const opened = await openRound(deps, {
        ...round,
        trigger: 'ad_hoc',
        triggeredBy: null,
        template: null,
        theme: 'begrijpend lezen',
      });
      if (!opened.ok) throw new Error(`bench: round not opened: ${opened.code}`);
    }
    const openSeconds = (performance.now() - openStarted) / 1000;

    const total = options.workspaces * options.channelsPerWorkspace;
    const started = performance.now();
    const loop = startDeliveryLoop(deps, new Map([['slack', module.channel]]), {
      pollMs: 200,
      concurrency: config.deliveryConcurrency,
      batch: config.deliveryBatch,
    });
    const floorSeconds = Math.max(0, options.channelsPerWorkspace - perSecond) / perSecond;
    const deadline = started + (floorSeconds * options.workspaces * 1.5 + 60) * 1000;
    const prompts = () =>
      slack.messages.filter((m) => m.metadata?.event_type === 'vijfvragen_delivery' && !m.thread_ts);
    const doneAt = new Map<string, number>();
    let lastPostAt = started;
    let seen = 0;
    while (performance.now() < deadline && doneAt.size < options.workspaces) {
      await sleep(50);
      const posted = prompts();
      if (posted.length > seen) {
        seen = posted.length;
        lastPostAt = performance.now();
        const perTeam = new Map<string, Set<string>>();
        for (const m of posted) perTeam.set(m.teamId, (perTeam.get(m.teamId) ?? new Set()).add(m.channel));
        for (const [team, channels] of perTeam)
          if (channels.size >= options.channelsPerWorkspace && !doneAt.has(team)) doneAt.set(team, lastPostAt);
      }
    }
    // A little longer: a duplicate would show up now.
    await sleep(2000);
    await loop.stop();
    await module.stop?.();
    const posted = prompts();
    const distinct = new Set(posted.map((m) => m.channel)).size;
    let notSent = 0;
    for (const organisationId of new Set(rounds.map((r) => r.organisationId))) {
      notSent += (await store.deliveries.list(organisationId)).filter((d) => d.status !== 'sent').length;
    }
    return {
      workspaces: options.workspaces,
      channelsPerWorkspace: options.channelsPerWorkspace,
      workspacePerMinute: options.workspacePerMinute,
      pacePerMinute,
      paceBurst,
      concurrency: config.deliveryConcurrency,
      batch: config.deliveryBatch,
      seconds: (lastPostAt - started) / 1000,
      floorSeconds,
      firstWorkspaceDoneSeconds: doneAt.size ? (Math.min(...doneAt.values()) - started) / 1000 : Number.NaN,
      posted: posted.length,
      duplicates: posted.length - distinct,
      lost: total - distinct,
      refused429: slack.limitFigures.refused,
      earlyRetries: slack.limitFigures.early,
      historyChecks: slack.callsTo('conversations.history').length,
      deliveriesNotSent: notSent,
      openSeconds,
    };
  } finally {
    await handle.close();
    await slack.close();
  }
}
