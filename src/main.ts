import { openApp, type App, type OpenAppOptions } from './app.js';
import type { ChannelModule, ChannelModuleDeps } from './bot/channel-module.js';
import type { CommandFeatures } from './bot/commands/run-command.js';
import { createDashboardRoutes } from './bot/dashboard/dashboard-routes.js';
import { createDigestService } from './bot/digest/digest-service.js';
import { platformModules } from './bot/modules.js';
import { guestUrl, signGuestToken } from './bot/web/guest-token.js';
import { signWebToken } from './bot/web/session.js';
import type { Config } from './config.js';
import { seedDemoBoard } from './demo-seed.js';
import type { Platform } from './dialogues/model.js';
import type { ChatChannel } from './dialogues/ports.js';
import { startDeliveryLoop } from './scheduler/delivery-loop.js';
import { dailyRetentionSweep } from './scheduler/retention-sweep.js';
import { runTick } from './scheduler/tick.js';
import { startTicker } from './scheduler/ticker.js';
import { createHttpApp, listen } from './server.js';

export interface Running {
  readonly url: string;
  readonly app: App;
  readonly channels: ReadonlyMap<Platform, ChatChannel>;
  /** Graceful stop: no new ticks, in-flight deliveries finish, HTTP closes, the database closes. */
  stop(): Promise<void>;
}

export interface StartOptions extends OpenAppOptions {
  /** Replace or add channel modules (tests plug in fakes this way; no module mocking). */
  extraModules?: (moduleDeps: ChannelModuleDeps) => Promise<ChannelModule[]>;
  /** Skip the node-cron tick (tests drive `runTick` themselves with a moved clock). */
  ticker?: boolean;
}

/** The composition root: config → store → use cases → channels → scheduler → HTTP. */
export async function startVijfVragen(config: Config, options: StartOptions = {}): Promise<Running> {
  const app = await openApp(config, options);
  const { deps, log } = app;
  try {
    if (config.seedDemo) await seedDemoBoard(deps, { timeZone: config.defaultTimeZone });
    const digest = createDigestService(deps, config);
    const features: CommandFeatures = {
      async digestPreview(ctx) {
        const built = await digest.build(ctx.organisationId, ctx.personId);
        return built.ok ? built.value : null;
      },
      async dashboardLink(ctx) {
        const ttlSeconds = config.dashboardLinkTtlMinutes * 60;
        const token = await signWebToken(config.tokenSecret, { organisationId: ctx.organisationId, personId: ctx.personId }, 'link', ttlSeconds);
        return { url: `${config.publicUrl}/auth/link?token=${encodeURIComponent(token)}`, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
      },
      guestLink: async (invitation) => guestUrl(config.publicUrl, await signGuestToken(config.tokenSecret, invitation)),
      digestAt: config.digestAt,
    };
    const moduleDeps: ChannelModuleDeps = { deps, features, config, log };
    const modules: ChannelModule[] = await platformModules(app, moduleDeps);
    modules.push(...((await options.extraModules?.(moduleDeps)) ?? []));
    const channels = new Map<Platform, ChatChannel>(modules.map((m) => [m.platform, m.channel]));

    const delivery = startDeliveryLoop(deps, channels, { pollMs: config.deliveryPollMs, leaseMs: config.deliveryLeaseMs });
    deps.onEnqueued = () => delivery.nudge();
    const retention = dailyRetentionSweep();
    const ticker = options.ticker === false ? null : startTicker(() => runTick(deps, { retention, digests: digest.schedule }), { expression: config.tickCron, log });

    // Platform endpoints first: Slack and Teams requests skip the web channel's middleware.
    const mounted = modules.filter((m) => m.platform !== 'web' || config.webChannel).sort((a, b) => Number(a.platform === 'web') - Number(b.platform === 'web'));
    const routers = mounted.flatMap((m) => (m.routes ? [m.routes] : []));
    routers.push(createDashboardRoutes({ deps, digest, tokenSecret: config.tokenSecret, digestAt: config.digestAt, localPicker: config.localMode && config.webChannel }));
    const server = await listen(createHttpApp(app, routers), config.host, config.port);
    for (const module of modules) await module.start?.();
    log.info({ url: server.url, database: app.database.kind, channels: [...channels.keys()], localMode: config.localMode }, 'Vijf Vragen is running');

    let stopping: Promise<void> | null = null;
    const stop = () => (stopping ??= (async () => {
      log.info({}, 'stopping');
      await ticker?.stop();
      for (const module of modules) await module.stop?.();
      await server.close();
      await delivery.stop();
      await app.close();
    })());
    return { url: server.url, app, channels, stop };
  } catch (error) {
    await app.close();
    throw error;
  }
}
