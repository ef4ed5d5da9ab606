import type { App } from './app.js';
import type { ChannelModule, ChannelModuleDeps } from './bot/channel-module.js';
import { createDashboardRoutes } from './bot/dashboard/dashboard-routes.js';
import { platformModules } from './bot/modules.js';
import { seedDemoBoard } from './demo-seed.js';
import type { Platform } from './dialogues/model.js';
import type { ChatChannel } from './dialogues/ports.js';
import type { Metrics } from './metrics/prometheus.js';
import { startDeliveryLoop } from './scheduler/delivery-loop.js';
import { dailyRetentionSweep } from './scheduler/retention-sweep.js';
import { runTick } from './scheduler/tick.js';
import { startTicker } from './scheduler/ticker.js';
import { createHttpApp, type BoundServer } from './server.js';

/** The long-lived parts of a running bot, built once on an opened app. */
export interface Runtime {
  readonly url: string;
  readonly channels: ReadonlyMap<Platform, ChatChannel>;
  /** Where GET /metrics answers (its own listener), or null when METRICS_PORT is not set. */
  readonly metricsUrl: string | null;
  /**
   * No new connections, requests in flight finish, no new ticks, posts in flight finish and the
   * rest of the claimed batch is handed back. The app (the database) is left open for the caller.
   */
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Replace or add channel modules (tests plug in fakes this way; no module mocking). */
  extraModules?: (moduleDeps: ChannelModuleDeps) => Promise<ChannelModule[]>;
  /** Skip the node-cron tick (tests drive `runTick` themselves with a moved clock). */
  ticker?: boolean;
}

/** What the entry point made before opening the app: the bound socket and (with METRICS_PORT) the metrics. */
export interface RuntimeParts {
  readonly bound: BoundServer;
  readonly metrics: Metrics | null;
}

/**
 * Builds the runtime on `app` once: channel modules → delivery loop → ticker → HTTP routes →
 * metrics listener → serving. On a failure part-way, what has started is stopped again; the bound
 * socket and the app stay the caller's to close.
 */
export async function startRuntime(app: App, parts: RuntimeParts, options: RuntimeOptions = {}): Promise<Runtime> {
  const { deps, log, config } = app;
  const { bound, metrics } = parts;
  // What has started so far, stopped again when a later step fails (a port in use, say).
  const started: { stop(): Promise<void> }[] = [];
  try {
    if (config.seedDemo)
      await seedDemoBoard(deps, { timeZone: config.defaultTimeZone, locale: config.defaultLocale, history: true });
    const digest = app.services.digest;
    const moduleDeps: ChannelModuleDeps = { deps, features: app.services.features, config, log, ...app.platformStores };
    const modules: ChannelModule[] = await platformModules(moduleDeps);
    modules.push(...((await options.extraModules?.(moduleDeps)) ?? []));
    const channels = new Map<Platform, ChatChannel>(modules.map((m) => [m.platform, m.channel]));

    const delivery = startDeliveryLoop(deps, channels, {
      pollMs: config.deliveryPollMs,
      leaseMs: config.deliveryLeaseMs,
      concurrency: config.deliveryConcurrency,
      batch: config.deliveryBatch,
    });
    started.push(delivery);
    app.enqueued.connect(() => delivery.nudge());
    started.push({ stop: async () => app.enqueued.disconnect() });
    const retention = dailyRetentionSweep();
    const ticker =
      options.ticker === false
        ? null
        : startTicker(() => runTick(deps, { retention, digests: digest.schedule }), {
            expression: config.tickCron,
            log,
            ...(metrics ? { observe: metrics.tickObserved } : {}),
          });
    if (ticker) started.push(ticker);

    // Platform endpoints first: Slack and Teams requests skip the web channel's middleware.
    const mounted = modules
      .filter((m) => m.platform !== 'web' || config.webChannel)
      .sort((a, b) => Number(a.platform === 'web') - Number(b.platform === 'web'));
    const routers = mounted.flatMap((m) => (m.routes ? [m.routes] : []));
    routers.push(
      createDashboardRoutes({
        deps,
        digest,
        report: await app.services.report(),
        tokenSecret: config.tokenSecret,
        digestAt: config.digestAt,
        localPicker: config.localMode && config.webChannel,
      }),
    );
    let metricsUrl: string | null = null;
    if (metrics && config.metrics) {
      metricsUrl = await metrics.listen(config.metrics.host, config.metrics.port);
      started.push({ stop: () => metrics.close() });
      log.info({ url: metricsUrl }, 'metrics served');
    }
    const server = bound.serve(createHttpApp(app, routers, metrics ? [metrics.http] : []));
    for (const module of modules) await module.start?.();
    log.info(
      { url: server.url, database: app.database.kind, channels: [...channels.keys()], localMode: config.localMode },
      'Vijf Vragen is running',
    );

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        // Stop accepting first. Requests in flight still have the database; beside them the tick
        // finishes its run and the worker its posts in flight (the rest of its batch is handed back).
        await Promise.all([
          server.close(),
          ticker?.stop(),
          delivery.stop(),
          ...modules.map((module) => module.stop?.()),
        ]);
        await metrics?.close();
        app.enqueued.disconnect();
      })());
    return { url: server.url, channels, metricsUrl, stop };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
