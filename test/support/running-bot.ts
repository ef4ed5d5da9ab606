import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { sql } from 'kysely';
import { afterAll, describe } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running, type StartOptions } from '../../src/main.js';
import { STORES, TEST_DATABASE_URL } from './db.js';

export interface BotOnDatabase {
  /**
   * The whole bot (`startVijfVragen`) with these variables on this suite's database; started on
   * first use and shared by the tests of the describe that ask for the same variables (PGlite
   * takes many seconds to start on a busy machine), stopped after the last.
   */
  start(env?: Record<string, string>, options?: StartOptions): Promise<Running>;
}

/** Time for a test that may start a bot on a loaded two-core machine. */
export const BOT_TEST_TIMEOUT = 180_000;

/**
 * Runs `body` over the real composition root on embedded PGlite and on PostgreSQL (a fresh
 * schema per bot, dropped when it stops), like `forEachStore` does for repositories.
 */
export function forEachDatabase(title: string, body: (t: BotOnDatabase) => void): void {
  for (const kind of STORES.filter((k) => k.name !== 'memory')) {
    const skip = kind.unavailable !== undefined && process.env.CI !== 'true';
    (skip ? describe.skip : describe)(`${title} [${kind.name}]`, () => {
      const stops: (() => Promise<void>)[] = [];
      const started = new Map<string, Promise<Running>>();
      afterAll(async () => {
        for (const stop of stops.splice(0).reverse()) await stop();
      }, BOT_TEST_TIMEOUT);
      const boot = async (env: Record<string, string>, options: StartOptions): Promise<Running> => {
        const base = { PORT: '0', LOG_LEVEL: 'silent', DELIVERY_POLL_MS: '200', ...env };
        const postgres = kind.name === 'postgres';
        const schema = postgres ? `t_${randomBytes(6).toString('hex')}` : undefined;
        const config = loadConfig(
          postgres ? { ...base, DATABASE_URL: TEST_DATABASE_URL } : { ...base, DATA_DIR: 'memory://' },
        );
        const running = await startVijfVragen(config, {
          ticker: false,
          log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
          ...(schema ? { schema } : {}),
          ...options,
        });
        stops.push(async () => {
          if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(running.app.database.db);
          await running.stop();
        });
        return running;
      };
      body({
        start(env = {}, options = {}) {
          const key = JSON.stringify(env);
          let running = started.get(key);
          if (running === undefined) {
            running = boot(env, options);
            started.set(key, running);
          }
          return running;
        },
      });
    });
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with exactly these headers, `Host` included (fetch would set its own), to
 * the server at `url`'s address.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path ?? `${target.pathname}${target.search}`,
        headers: {
          ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
          ...options.headers,
        },
        setHost: !(options.headers && Object.keys(options.headers).some((name) => name.toLowerCase() === 'host')),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
