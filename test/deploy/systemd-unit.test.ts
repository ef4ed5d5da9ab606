import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, freePort, startCommandArgs } from '../../bench/bench-support.js';
import { eventBody, postSigned } from '../support/slack-requests.js';
import { INSTALL_DIR, readUnit, REPO, startCommand, unitCredentials, unitEnvironment, unitValues, type UnitFile } from './deploy-support.js';

const UNIT = 'deploy/systemd/vijfvragen.service';
const DROP_INS = ['slack.conf', 'slack-oauth.conf', 'teams.conf'];
const scratch = mkdtempSync(join(tmpdir(), 'vv-systemd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** systemd-analyze on the unit with its drop-ins, as systemd would load them (SYSTEMD_UNIT_PATH). */
function analyze(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(scratch, 'units-'));
  cpSync(join(REPO, 'deploy/systemd'), dir, { recursive: true });
  const run = spawnSync('systemd-analyze', [...args, join(dir, 'vijfvragen.service')], { encoding: 'utf8', env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:`, SYSTEMD_LOG_COLOR: '0' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('systemd unit (deploy/systemd)', () => {
  const unit = readUnit(UNIT);
  const one = (key: string) => unitValues(unit, 'Service', key);

  it('passes systemd-analyze verify with every drop-in, without a single warning', () => {
    const result = analyze(['verify']);
    expect(result.stderr.trim()).toBe('');
    for (const dropIn of DROP_INS) expect(unitCredentials(readUnit(`deploy/systemd/vijfvragen.service.d/${dropIn}`)).size, dropIn).toBeGreaterThan(0);
    expect(result.status).toBe(0);
  });

  it('systemd-analyze verify does catch a mistake (so the check above means something)', () => {
    writeFileSync(join(scratch, 'broken.service'), '[Service]\nExecStart=/usr/bin/node /opt/vijfvragen/bin/vijfvragen.js start\nProtectSytem=strict\n');
    const run = spawnSync('systemd-analyze', ['verify', join(scratch, 'broken.service')], { encoding: 'utf8' });
    expect(run.stderr).toMatch(/Unknown key 'ProtectSytem'/);
  });

  it('is hardened: own user, read-only system but the data dir, private tmp, no new privileges, restarts', () => {
    expect(one('User')).toEqual(['vijfvragen']);
    expect(one('ProtectSystem')).toEqual(['strict']);
    expect(one('ReadWritePaths')).toEqual([unitEnvironment(unit).DATA_DIR]);
    expect(one('PrivateTmp')).toEqual(['true']);
    expect(one('NoNewPrivileges')).toEqual(['true']);
    expect(one('CapabilityBoundingSet')).toEqual(['']);
    expect(one('Restart')).toEqual(['on-failure']);
    // A configuration error (exit 2) is not retried in a loop.
    expect(one('RestartPreventExitStatus')).toEqual(['2']);
    // Secrets come as credentials, never in Environment= (visible in `systemctl show`).
    expect(Object.keys(unitEnvironment(unit))).not.toEqual(expect.arrayContaining(['TOKEN_SECRET']));
    expect([...unitCredentials(unit).keys()]).toEqual(['TOKEN_SECRET', 'DATABASE_URL']);
  });

  it('rates "OK" or better in systemd-analyze security (exposure ≤ 2.0 of 10)', () => {
    const result = analyze(['security', '--offline=true', '--no-pager']);
    const score = /Overall exposure level for vijfvragen\.service: ([\d.]+)/.exec(result.stdout);
    expect(score, result.stdout + result.stderr).not.toBeNull();
    console.log(`[deploy] systemd-analyze security: exposure ${score?.[1]} of 10`);
    expect(Number(score?.[1])).toBeLessThanOrEqual(2);
  });

  // systemd is not PID 1 here (a container), so the unit cannot be started by systemd itself. The
  // next best thing: its ExecStart, WorkingDirectory and Environment exactly, with the credentials
  // laid out as systemd lays them out ($CREDENTIALS_DIRECTORY, one file per LoadCredential=).
  for (const database of ['postgres', 'pglite'] as const) {
    it(`ExecStart starts the bot from its credentials alone (${database})`, async () => {
      const slackDropIn = readUnit('deploy/systemd/vijfvragen.service.d/slack.conf');
      const name = `vv_systemd_${randomBytes(4).toString('hex')}`;
      const secrets: Record<string, string> = {
        TOKEN_SECRET: randomBytes(24).toString('base64'),
        SLACK_BOT_TOKEN: 'xoxb-systemd-test',
        SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
        ...(database === 'postgres' ? { DATABASE_URL: await createDatabase(name) } : {}),
      };
      const bot = await startUnit([unit, slackDropIn], secrets);
      try {
        const ready = (await (await fetch(`${bot.url}/readyz`)).json()) as { database: string };
        expect(ready.database).toBe(database);
        // The signing secret came from its credential: a request signed with it is accepted, a forged one is not.
        const challenge = eventBody({ type: 'url_verification', challenge: 'systemd-credential', token: 'x' });
        const signed = await postSigned(`${bot.url}/slack/events`, secrets.SLACK_SIGNING_SECRET ?? '', challenge, 'application/json');
        expect(await signed.text()).toContain('systemd-credential');
        expect((await postSigned(`${bot.url}/slack/events`, 'not-the-secret-not-the-secret-00', challenge, 'application/json')).status).toBe(401);
        expect(bot.env).not.toHaveProperty('TOKEN_SECRET');
      } finally {
        await bot.stop();
        if (database === 'postgres') await dropDatabase(name);
      }
    }, 240_000);
  }
});

/** The unit's command and environment, credentials in a directory, the install dir mapped to this checkout. */
async function startUnit(units: UnitFile[], secrets: Record<string, string>) {
  const [main] = units;
  if (!main) throw new Error('no unit');
  const credentials = mkdtempSync(join(scratch, 'credentials-'));
  const wanted = new Map(units.flatMap((u) => [...unitCredentials(u)]));
  for (const [name, value] of Object.entries(secrets)) {
    expect(wanted.has(name), `${name} has a LoadCredential= line`).toBe(true);
    writeFileSync(join(credentials, name), `${value}\n`, { mode: 0o400 });
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(scratch, 'state-'));
  // Test-only changes: a free port, a temp state dir, and Slack's API on loopback (nothing leaves this machine).
  const env: Record<string, string> = { ...unitEnvironment(main), PORT: String(port), DATA_DIR: dataDir, CREDENTIALS_DIRECTORY: credentials, LOG_LEVEL: 'warn', SLACK_API_URL: 'http://127.0.0.1:9/api/' };
  const [execStart] = unitValues(main, 'Service', 'ExecStart');
  const argv = (execStart ?? '').split(' ').map((part) => part.replace(INSTALL_DIR, REPO));
  expect(argv[0]).toBe(execFileSync('sh', ['-c', 'command -v node'], { encoding: 'utf8' }).trim());
  // The same Node flags and script as `npm start`, the bin path made absolute.
  expect(argv.slice(1).map((part) => part.replace(`${REPO}/`, ''))).toEqual(startCommandArgs());
  const cwd = (unitValues(main, 'Service', 'WorkingDirectory')[0] ?? '').replace(INSTALL_DIR, REPO);
  const url = `http://${env.HOST ?? '127.0.0.1'}:${port}`;
  const started = await startCommand(argv, env, `${url}/readyz`, { cwd });
  return { ...started, url, env };
}
