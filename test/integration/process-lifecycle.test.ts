import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/bench-support.js';
import { spawnCli, type BotChild } from '../support/bot-child.js';
import { TEST_DATABASE_URL } from '../support/db.js';

/**
 * The bot as a real OS process (`vijfvragen start`): what an operator sees when the port is taken,
 * how `.env` is read, and a graceful stop on SIGTERM with a request in flight.
 */

/** Where the database behind a started bot lives: a temporary folder (PGlite) or a fresh PostgreSQL database. */
interface Target {
  name: string;
  env: Record<string, string>;
  setUp(): Promise<unknown>;
  tearDown(): Promise<unknown>;
}

function targets(): Target[] {
  const dataDir = mkdtempSync(join(tmpdir(), 'vv-lifecycle-'));
  const database = `vv_lifecycle_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return [
    {
      name: 'pglite',
      env: { DATA_DIR: dataDir },
      setUp: async () => undefined,
      tearDown: async () => rmSync(dataDir, { recursive: true, force: true }),
    },
    {
      name: 'postgres',
      env: { DATABASE_URL: url.toString() },
      setUp: () => admin(`create database ${database}`),
      tearDown: () => admin(`drop database if exists ${database} with (force)`),
    },
  ];
}

/** A raw HTTP/1.1 connection, so a request can be left half-sent on purpose. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => void (received += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  /** The next complete response (status line, headers and a Content-Length body). */
  const response = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const check = () => {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: *(\d+)/i.exec(received.slice(0, end))?.[1] ?? 0);
        if (received.length < end + 4 + length) return;
        const status = Number(received.slice(9, 12));
        const body = received.slice(end + 4, end + 4 + length);
        received = received.slice(end + 4 + length);
        socket.off('data', check);
        socket.off('close', closed);
        resolve({ status, body });
      };
      const closed = () => reject(new Error(`connection closed before a full response: ${JSON.stringify(received)}`));
      socket.on('data', check);
      socket.once('close', closed);
      check();
    });
  return { socket, ready, response, write: (text: string) => socket.write(text) };
}

const LOCAL = { HOST: '127.0.0.1', SEED_DEMO: 'false', TICK_CRON: '*/1 * * * * *' };

describe('a second instance on a port that is taken', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('exits non-zero with a message naming the port, and never says it is running', async () => {
    const bot = spawnCli(
      ['start'],
      { ...LOCAL, DATA_DIR: 'memory://', PORT: String(port), LOG_LEVEL: 'info' },
      { unset: ['DATABASE_URL'] },
    );
    const code = await bot.exited;
    expect(code).toBe(1);
    expect(bot.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(bot.output()).not.toMatch(/is running|draait lokaal/);
  }, 120_000);
});

describe('.env in the working directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vv-dotenv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is read, and a variable set in the real environment wins over it', async () => {
    writeFileSync(
      join(dir, '.env'),
      '# as copied from .env.example\nDATA_DIR=./from-dotenv\nDEFAULT_TIME_ZONE=Not/AZone\n',
    );
    const unset = ['DATA_DIR', 'DATABASE_URL', 'DEFAULT_TIME_ZONE'];
    // The file's bad time zone is reported: the file was read.
    const fromFile = spawnCli(['migrate'], {}, { cwd: dir, unset });
    expect(await fromFile.exited).toBe(2);
    expect(fromFile.output()).toContain('DEFAULT_TIME_ZONE');
    // The real environment's value wins; DATA_DIR still comes from the file.
    const overridden = spawnCli(['migrate'], { DEFAULT_TIME_ZONE: 'Europe/Amsterdam' }, { cwd: dir, unset });
    expect(await overridden.exited, overridden.output()).toBe(0);
    expect(existsSync(join(dir, 'from-dotenv', 'pglite'))).toBe(true);
  }, 120_000);
});

for (const target of targets()) {
  describe(`SIGTERM with a request in flight [${target.name}]`, () => {
    let bot: BotChild | null = null;
    beforeAll(() => target.setUp());
    afterAll(async () => {
      bot?.kill('SIGKILL');
      await bot?.exited;
      await target.tearDown();
    });

    it('stops accepting, answers the request in flight from the database, and exits 0', async () => {
      const port = await freePort();
      bot = spawnCli(
        ['start'],
        { ...LOCAL, ...target.env, PORT: String(port), LOG_LEVEL: 'debug' },
        { unset: ['DATABASE_URL', 'DATA_DIR'] },
      );
      await bot.waitFor(/"msg":"Vijf Vragen is running"/);

      const connection = rawConnection(port);
      await connection.ready;
      // One finished request first: the server has taken this connection on.
      connection.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      expect((await connection.response()).status).toBe(200);
      // Then a sign-in form whose body is only half sent: the handler waits for the rest.
      const body = 'organisationId=no-such-organisation&personId=no-such-person';
      connection.write(
        `POST /web/signin HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
      await bot.waitFor(/"method":"POST","path":"\/web\/signin","msg":"request"/);

      bot.kill('SIGTERM');
      await bot.waitFor(/"msg":"stopping"/);
      // No new connections while the request in flight keeps the process up.
      const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => false,
        () => true,
      );
      expect(refused).toBe(true);
      expect(bot.process.exitCode).toBeNull();

      connection.write(body.slice(10));
      const answer = await connection.response();
      // The handler looked the person up in the database after the stop began.
      expect(answer).toEqual({ status: 400, body: 'Onbekende persoon (400).' });
      expect(await bot.exited).toBe(0);
      expect(bot.output()).toContain('"msg":"stopped"');
      connection.socket.destroy();
    }, 120_000);
  });
}
