import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'vv-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const TOKEN_SECRET = 't'.repeat(40);

describe('secrets from files (NAME_FILE) and systemd credentials', () => {
  it('reads every secret from NAME_FILE, dropping the trailing newline echo adds', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      TOKEN_SECRET_FILE: secretFile('token', `${TOKEN_SECRET}\n`),
      SLACK_BOT_TOKEN_FILE: secretFile('bot', 'xoxb-from-file\n'),
      SLACK_SIGNING_SECRET_FILE: secretFile('signing', 'signing-from-file'),
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword_FILE: secretFile('msapp', 'ms-password\r\n'),
      ENCRYPTION_KEY_FILE: secretFile('key', `${'k'.repeat(43)}=\n`),
      DATABASE_URL_FILE: secretFile('db', 'postgres://vijfvragen:pw@db.example/vijfvragen\n'),
    });
    expect(config.tokenSecret).toBe(TOKEN_SECRET);
    expect(config.slack).toMatchObject({
      botToken: 'xoxb-from-file',
      signingSecret: 'signing-from-file',
      mode: 'single',
    });
    expect(config.teams.appPassword).toBe('ms-password');
    expect(config.encryptionKey).toBe(`${'k'.repeat(43)}=`);
    expect(config.databaseUrl).toBe('postgres://vijfvragen:pw@db.example/vijfvragen');
  });

  it('reads systemd credentials from $CREDENTIALS_DIRECTORY when the variable itself is not set', () => {
    const credentials = mkdtempSync(join(dir, 'credentials-'));
    writeFileSync(join(credentials, 'TOKEN_SECRET'), `${TOKEN_SECRET}\n`);
    writeFileSync(join(credentials, 'SLACK_SIGNING_SECRET'), 'signing-from-credential');
    const config = loadConfig({ CREDENTIALS_DIRECTORY: credentials, SLACK_BOT_TOKEN: 'xoxb-env' });
    expect(config.tokenSecret).toBe(TOKEN_SECRET);
    expect(config.slack).toMatchObject({ botToken: 'xoxb-env', signingSecret: 'signing-from-credential' });
    // An explicit variable wins over a credential of the same name.
    expect(
      loadConfig({ CREDENTIALS_DIRECTORY: credentials, SLACK_BOT_TOKEN: 'xoxb-env', SLACK_SIGNING_SECRET: 'explicit' })
        .slack.signingSecret,
    ).toBe('explicit');
  });

  it('validates a secret read from a file like one from the environment', () => {
    expect(
      problems({
        SLACK_BOT_TOKEN: 'x',
        SLACK_SIGNING_SECRET: 's',
        TOKEN_SECRET_FILE: secretFile('short', 'too-short\n'),
      }),
    ).toEqual([expect.stringMatching(/^TOKEN_SECRET: must be at least 32 characters/)]);
    expect(problems({ DATABASE_URL_FILE: secretFile('mysql', 'mysql://x\n') })).toEqual([
      expect.stringMatching(/^DATABASE_URL: must be a postgres/),
    ]);
  });

  it('refuses both NAME and NAME_FILE, a missing or empty file, and lists them together', () => {
    const found = problems({
      TOKEN_SECRET: TOKEN_SECRET,
      TOKEN_SECRET_FILE: secretFile('dup', TOKEN_SECRET),
      SLACK_SIGNING_SECRET_FILE: join(dir, 'does-not-exist'),
      SLACK_BOT_TOKEN_FILE: secretFile('empty', '\n'),
    });
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_BOT_TOKEN_FILE: cannot read .*empty \(the file is empty\)/),
        expect.stringMatching(/^SLACK_SIGNING_SECRET_FILE: cannot read .*does-not-exist \(ENOENT\)/),
        'TOKEN_SECRET: set either TOKEN_SECRET or TOKEN_SECRET_FILE, not both',
      ]),
    );
  });

  it('reports an unreadable credential instead of silently running without it', () => {
    // A directory where the file should be: unreadable even for root, unlike a chmod 000 file.
    const credentials = mkdtempSync(join(dir, 'broken-'));
    mkdirSync(join(credentials, 'TOKEN_SECRET'));
    expect(problems({ CREDENTIALS_DIRECTORY: credentials })).toEqual([
      expect.stringMatching(/^TOKEN_SECRET: cannot read the systemd credential .*\(EISDIR\)/),
    ]);
  });
});
