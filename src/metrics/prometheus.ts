import { createServer, type Server } from 'node:http';
import type { RequestHandler } from 'express';
import client from 'prom-client';
import { StartupError } from '../startup-error.js';
import type { Platform } from '../dialogues/model.js';
import type { DatabaseHandle } from '../store/database.js';
import { deliveryFigures } from '../store/delivery-metrics.js';

/**
 * The server's metrics in Prometheus form, on a port of their own (METRICS_PORT, on METRICS_HOST,
 * default 127.0.0.1) so they are never reachable through the public HTTP server. Loaded only when
 * METRICS_PORT is set. Names and meanings: docs/operations.md.
 */
export interface Metrics {
  /** Counts and times every HTTP request by route template (never the raw path) and status. */
  readonly http: RequestHandler;
  repliesRecorded(platform: Platform, count: number): void;
  tickObserved(seconds: number, failed: boolean): void;
  /** Queue, pool and tick figures read when scraped. */
  watchDatabase(database: DatabaseHandle): void;
  /** Serves GET /metrics; resolves with its URL once listening. */
  listen(host: string, port: number): Promise<string>;
  close(): Promise<void>;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  // Process figures, including nodejs_eventloop_lag_seconds (event-loop lag) and heap sizes.
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'vijfvragen_http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'vijfvragen_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new client.Gauge({
    name: 'vijfvragen_http_requests_in_flight',
    help: 'HTTP requests being handled now',
    registers: [registry],
  });
  const replies = new client.Counter({
    name: 'vijfvragen_replies_ingested_total',
    help: 'New replies stored, by platform (edits and redeliveries not counted)',
    labelNames: ['platform'],
    registers: [registry],
  });
  const ticks = new client.Histogram({
    name: 'vijfvragen_tick_duration_seconds',
    help: 'Scheduler tick duration, by outcome',
    labelNames: ['outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  });
  let lastTickAt: number | null = null;
  new client.Gauge({
    name: 'vijfvragen_tick_lag_seconds',
    help: 'Seconds since the last scheduler tick finished (grows when ticks stall)',
    registers: [registry],
    collect() {
      if (lastTickAt !== null) this.set((Date.now() - lastTickAt) / 1000);
    },
  });
  for (const platform of ['slack', 'teams', 'web'] as const) replies.inc({ platform }, 0);

  let database: DatabaseHandle | null = null;
  new client.Gauge({
    name: 'vijfvragen_deliveries',
    help: 'Outgoing posts by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      if (!database) return;
      const figures = await deliveryFigures(database.db);
      this.reset();
      for (const status of ['pending', 'sending', 'sent', 'failed', 'unclear', 'skipped'])
        this.set({ status }, figures.byStatus[status] ?? 0);
      oldestDue.set(figures.oldestDueSeconds);
    },
  });
  const oldestDue = new client.Gauge({
    name: 'vijfvragen_delivery_oldest_due_age_seconds',
    help: 'Seconds since the oldest pending post fell due (0 when none is due)',
    registers: [registry],
  });
  new client.Gauge({
    name: 'vijfvragen_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting clients); absent with the embedded database',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = database?.connections?.();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });

  let server: Server | null = null;
  return {
    http(req, res, next) {
      const started = process.hrtime.bigint();
      inFlight.inc();
      res.once('close', () => {
        inFlight.dec();
        // The template of the route that answered ('/web/channels/:id'), never the raw path: ids
        // in paths would make a series per id. Unmatched requests share one label.
        const route = req.route
          ? `${req.baseUrl}${String(req.route.path)}`
          : res.statusCode === 404
            ? 'unmatched'
            : 'other';
        const labels = { method: req.method, route, status: String(res.statusCode) };
        requests.inc(labels);
        duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    },
    repliesRecorded: (platform, count) => replies.inc({ platform }, count),
    tickObserved(seconds, failed) {
      ticks.observe({ outcome: failed ? 'failed' : 'ok' }, seconds);
      lastTickAt = Date.now();
    },
    watchDatabase(handle) {
      database = handle;
    },
    listen(host, port) {
      server = createServer((req, res) => {
        if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics')
          return void res.writeHead(404).end('Not found');
        registry.metrics().then(
          (text) => void res.writeHead(200, { 'content-type': registry.contentType }).end(text),
          (error: unknown) =>
            void res.writeHead(500).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      });
      const listening = server;
      return new Promise((resolve, reject) => {
        listening.once('error', (error: NodeJS.ErrnoException) =>
          reject(
            new StartupError(
              error.code === 'EADDRINUSE'
                ? `METRICS_PORT ${port} on ${host} is already in use. Set METRICS_PORT to a free port.`
                : `Cannot serve metrics on ${host}:${port}: ${error.message}`,
              { cause: error },
            ),
          ),
        );
        listening.listen(port, host, () => {
          const address = listening.address();
          resolve(
            `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}/metrics`,
          );
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
