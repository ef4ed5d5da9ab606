import { openApp, type App, type OpenAppOptions } from './app.js';
import { withBoundPort, type Config } from './config.js';
import type { Platform } from './dialogues/model.js';
import type { ChatChannel } from './dialogues/ports.js';
import { startRuntime, type RuntimeOptions } from './runtime.js';
import { bindServer, ListenError } from './server.js';

/**
 * The bot's entry point, thin on purpose: bind the port, open the app (`openApp`, the composition
 * root), start the runtime on it (`startRuntime`), and stop on a signal.
 */
export interface Running {
  readonly url: string;
  readonly app: App;
  readonly channels: ReadonlyMap<Platform, ChatChannel>;
  /** Where GET /metrics answers (its own listener), or null when METRICS_PORT is not set. */
  readonly metricsUrl: string | null;
  /**
   * Graceful stop: no new connections, requests in flight finish, no new ticks, posts in flight
   * finish and the rest of the claimed batch is handed back; then the database closes.
   */
  stop(): Promise<void>;
}

export interface StartOptions extends OpenAppOptions, RuntimeOptions {}

/** config → bound port → app (store, use cases, services) → runtime (channels, scheduler, HTTP). */
export async function startVijfVragen(given: Config, options: StartOptions = {}): Promise<Running> {
  // Bound first: every link built below names the real port, also with PORT=0.
  const bound = await bindServer(given.host, given.port);
  const config = withBoundPort(given, bound.port);
  // prom-client is loaded only when metrics are switched on (METRICS_PORT).
  const metrics = config.metrics ? (await import('./metrics/prometheus.js')).createMetrics() : null;
  const app = await openApp(config, {
    ...options,
    ...(metrics ? { onRepliesRecorded: metrics.repliesRecorded } : {}),
  }).catch(async (error: unknown) => {
    await bound.close();
    throw error;
  });
  metrics?.watchDatabase(app.database);
  const runtime = await startRuntime(app, { bound, metrics }, options).catch(async (error: unknown) => {
    await bound.close();
    await app.close();
    throw error;
  });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      app.log.info({}, 'stopping');
      await runtime.stop();
      await app.close();
      app.log.info({}, 'stopped');
    })());
  return { url: runtime.url, app, channels: runtime.channels, metricsUrl: runtime.metricsUrl, stop };
}

/**
 * `vijfvragen start`: runs the bot until SIGTERM or SIGINT, then stops gracefully and exits
 * within 10 s. A port in use is one line on stderr and exit code 1.
 */
export async function runUntilSignalled(config: Config): Promise<void> {
  const running = await startVijfVragen(config).catch((error: unknown) => {
    if (!(error instanceof ListenError)) throw error;
    console.error(error.message);
    process.exit(1);
  });
  if (config.localMode)
    console.log(
      `\nVijf Vragen draait lokaal: open ${running.url} in je browser.\nVijf Vragen is running locally: open ${running.url} in your browser.\n`,
    );
  let stopping = false;
  const shutdown = (signal: string) => {
    // A second signal while stopping (Ctrl-C twice) means: now.
    if (stopping) process.exit(1);
    stopping = true;
    running.app.log.info({ signal }, 'shutdown requested');
    // Out within 10 s whatever hangs: service managers kill a process that takes longer.
    setTimeout(() => {
      running.app.log.error({ signal }, 'shutdown took longer than 9.5 s; exiting without finishing');
      process.exit(1);
    }, 9_500).unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
