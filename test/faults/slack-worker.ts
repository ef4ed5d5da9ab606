import { randomUUID } from 'node:crypto';
import type { ChannelModule } from '../../src/bot/channel-module.js';
import { createSlackModule } from '../../src/bot/slack/index.js';
import type { PacingOptions } from '../../src/bot/slack/workspace-pacer.js';
import { loadConfig } from '../../src/config.js';
import type { DialogueDeps } from '../../src/dialogues/deps.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { createLogger } from '../../src/logger.js';
import { startDeliveryLoop, type DeliveryLoop } from '../../src/scheduler/delivery-loop.js';
import { startFakeSlackApi, type FakeMessage, type FakeSlackLimits } from '../support/fake-slack-api.js';
import type { FreshDatabase } from './fault-support.js';
import { cronCheck } from '../../src/scheduler/occurrences.js';

export const FAULT_WORKSPACE = {
  teamId: 'T0FAULT01',
  teamName: 'Stichting Storing',
  botToken: 'xoxb-fault-token',
  botUserId: 'U0FAULTBOT',
  botId: 'B0FAULT',
};

/** Real time, with a lever to jump ahead (a long outage) without waiting for it. */
export interface JumpClock {
  now(): Date;
  jump(ms: number): void;
}

export function jumpClock(): JumpClock {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), jump: (ms) => void (offset += ms) };
}

export interface SlackWorker {
  slack: Awaited<ReturnType<typeof startFakeSlackApi>>;
  deps: DialogueDeps & { clock: JumpClock };
  module: ChannelModule;
  organisationId: string;
  /** Teams with a bound channel each; returns the channel ids. */
  addChannels(count: number): Promise<string[]>;
  /** Opens an ad-hoc round in every team added so far (one prompt each queued). */
  openRounds(): Promise<void>;
  startLoop(): DeliveryLoop;
  /** Round prompts the fake received, per channel. */
  prompts(): Map<string, FakeMessage[]>;
  close(): Promise<void>;
}

/**
 * The real Slack module and delivery loop, in this process, on a fresh PostgreSQL database,
 * against the fake Slack API (with limits when asked): the machinery of scenarios 4, 6 and 7.
 */
export async function startSlackWorker(
  database: FreshDatabase,
  limits: FakeSlackLimits = {},
  pacing: PacingOptions = {},
): Promise<SlackWorker> {
  const slack = await startFakeSlackApi(limits);
  slack.addWorkspace(FAULT_WORKSPACE);
  const log = createLogger(process.env.FAULT_LOG_LEVEL ?? 'silent');
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAULT_WORKSPACE.botToken,
    SLACK_SIGNING_SECRET: 'fault-signing-secret-0123456789ab',
    SLACK_API_URL: slack.url,
    TOKEN_SECRET: 'fault-token-secret-fault-token-secret-00',
    LOG_LEVEL: 'silent',
  });
  const clock = jumpClock();
  const deps: DialogueDeps & { clock: JumpClock } = {
    store: database.store,
    clock,
    newId: randomUUID,
    tokenSecret: config.tokenSecret,
    cron: cronCheck,
    log,
  };
  const module = await createSlackModule({ deps, features: {}, config, log }, { pacing });
  if (!module) throw new Error('fault: Slack module did not start');
  const organisationId = randomUUID();
  const now = clock.now();
  await database.store.organisations.create({
    id: organisationId,
    name: 'Stichting Storing',
    locale: 'nl',
    timeZone: 'Europe/Amsterdam',
    retentionDays: null,
    createdAt: now,
  });
  await database.store.workspaces.link('slack', FAULT_WORKSPACE.teamId, organisationId);
  const schoolId = randomUUID();
  await database.store.schools.create({ id: schoolId, organisationId, name: 'De Storingsschool' });
  const teamIds: string[] = [];
  const loops: DeliveryLoop[] = [];
  return {
    slack,
    deps,
    module,
    organisationId,
    async addChannels(count) {
      const channels: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const teamId = randomUUID();
        const channelId = `C0F${String(teamIds.length).padStart(6, '0')}`;
        await database.store.teams.create({ id: teamId, organisationId, schoolId, name: `Team ${teamIds.length}` });
        await database.store.bindings.upsert({
          id: randomUUID(),
          organisationId,
          teamId,
          platform: 'slack',
          workspaceId: FAULT_WORKSPACE.teamId,
          channelId,
          name: `#${channelId}`,
          address: {},
          createdAt: clock.now(),
        });
        teamIds.push(teamId);
        channels.push(channelId);
      }
      return channels;
    },
    async openRounds() {
      for (const teamId of teamIds) {
        const opened = await openRound(deps, {
          organisationId,
          teamId,
          trigger: 'ad_hoc',
          triggeredBy: null,
          template: null,
          theme: 'rekenen',
        });
        if (!opened.ok) throw new Error(`fault: ${opened.code}`);
      }
    },
    startLoop() {
      const loop = startDeliveryLoop(deps, new Map([['slack', module.channel]]), { pollMs: 100 });
      loops.push(loop);
      return loop;
    },
    prompts() {
      const byChannel = new Map<string, FakeMessage[]>();
      for (const m of slack.messages) {
        if (m.thread_ts || m.metadata?.event_type !== 'vijfvragen_delivery') continue;
        byChannel.set(m.channel, [...(byChannel.get(m.channel) ?? []), m]);
      }
      return byChannel;
    },
    async close() {
      for (const loop of loops) await loop.stop();
      await module.stop?.();
      await slack.close();
    },
  };
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  stepMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return condition();
}
