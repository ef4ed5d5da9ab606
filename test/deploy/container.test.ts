import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDatabase, dropDatabase, freePort, startCommandArgs } from '../../bench/bench-support.js';
import { eventBody, sign } from '../support/slack-requests.js';
import { REPO, requestWithHost, startCommand } from './deploy-support.js';

/**
 * There is no container engine on this machine, so the image cannot be built or run here. What
 * can be tested is what the image would run: the Dockerfile's CMD, in its WORKDIR (this checkout),
 * with its ENV, plus the compose file's environment and secrets (as files, like /run/secrets),
 * against PostgreSQL. Only the address and port, the data folder and Slack's API address differ,
 * so that nothing collides and nothing leaves the machine.
 */
interface Dockerfile {
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
  user: string;
  copied: string[];
}

function parseDockerfile(text: string): Dockerfile {
  const result: Dockerfile = { workdir: '/', env: {}, cmd: [], user: 'root', copied: [] };
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const [instruction = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'WORKDIR') result.workdir = args;
    if (instruction === 'USER') result.user = args;
    if (instruction === 'CMD') result.cmd = JSON.parse(args) as string[];
    if (instruction === 'COPY') result.copied.push(...rest.slice(0, -1));
    if (instruction === 'ENV') for (const pair of rest) result.env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
  }
  return result;
}

interface ComposeService { environment?: Record<string, string>; secrets?: string[]; deploy?: { replicas?: number }; image?: string; command?: string[] }

const dockerfile = parseDockerfile(readFileSync(join(REPO, 'deploy/Dockerfile'), 'utf8'));
const compose = parse(readFileSync(join(REPO, 'deploy/compose/compose.yaml'), 'utf8')) as { services: Record<string, ComposeService> };
const scratch = mkdtempSync(join(tmpdir(), 'vv-container-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('container image and compose file (deploy/)', () => {
  it('runs the bot as in `npm start`, as an unprivileged user, with everything it needs copied in', () => {
    // Exactly `npm start`, Node flags included.
    expect(dockerfile.cmd).toEqual(['node', ...startCommandArgs()]);
    expect(dockerfile.user).toBe('node');
    expect(dockerfile.env).toMatchObject({ HOST: '0.0.0.0', PORT: '3978', DATA_DIR: '/data' });
    const runtimeImports = ['bin', 'src', 'scripts', 'manifest', 'package.json', 'package-lock.json'];
    expect(dockerfile.copied).toEqual(expect.arrayContaining(runtimeImports));
  });

  it('composes three replicas on PostgreSQL behind nginx, every secret from a file', () => {
    const bot = compose.services.bot ?? {};
    expect(bot.deploy?.replicas).toBe(3);
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'nginx', 'postgres']);
    for (const [name, value] of Object.entries(bot.environment ?? {})) {
      if (/SECRET|TOKEN|PASSWORD|DATABASE_URL|KEY/.test(name)) expect(name, `${name} is a secret: use ${name}_FILE`).toMatch(/_FILE$/);
      if (name.endsWith('_FILE')) expect(bot.secrets).toContain(value.replace('/run/secrets/', ''));
    }
    // nginx runs the same site file, pointed at the replicas.
    expect(compose.services.nginx?.command?.join(' ')).toContain("s/server 127.0.0.1:3978/server bot:3978/");
  });

  it('the image CMD with its ENV and the compose environment starts the bot on PostgreSQL', async () => {
    const bot = compose.services.bot ?? {};
    const name = `vv_container_${randomBytes(4).toString('hex')}`;
    const signingSecret = randomBytes(16).toString('hex');
    const secrets: Record<string, string> = {
      database_url: await createDatabase(name), token_secret: randomBytes(24).toString('base64'),
      slack_bot_token: 'xoxb-container-test', slack_signing_secret: signingSecret,
    };
    const env: Record<string, string> = { ...dockerfile.env };
    for (const [key, value] of Object.entries(bot.environment ?? {})) {
      const secret = value.startsWith('/run/secrets/') ? value.slice('/run/secrets/'.length) : null;
      if (secret === null) {
        env[key] = value;
        continue;
      }
      const content = secrets[secret];
      expect(content, `a value for the secret ${secret}`).toBeDefined();
      writeFileSync(join(scratch, secret), `${content ?? ''}\n`);
      env[key] = join(scratch, secret);
    }
    const port = await freePort();
    // HOST too: on 0.0.0.0 a test running beside this one could reach this bot on its own free port.
    Object.assign(env, { HOST: '127.0.0.1', PORT: String(port), DATA_DIR: join(scratch, 'data'), LOG_LEVEL: 'warn', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    const [program, ...args] = dockerfile.cmd;
    const started = await startCommand([program === 'node' ? process.execPath : (program ?? ''), ...args], env, `http://127.0.0.1:${port}/readyz`, { cwd: REPO });
    try {
      const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { database: string };
      expect(ready.database).toBe('postgres');
      // As nginx passes it on: the Host of PUBLIC_URL, the only name the bot answers to.
      const challenge = eventBody({ type: 'url_verification', challenge: 'from-a-secret-file', token: 'x' });
      const timestamp = Math.floor(Date.now() / 1000);
      const answer = await requestWithHost(`http://127.0.0.1:${port}/slack/events`, new URL(env.PUBLIC_URL ?? '').host, {
        method: 'POST', body: challenge,
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(signingSecret, timestamp, challenge) },
      });
      expect(answer.text).toContain('from-a-secret-file');
    } finally {
      await started.stop();
      await dropDatabase(name);
    }
  }, 180_000);
});
