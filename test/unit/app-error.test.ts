import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { listen, ListenError } from '../../src/server.js';
import { StartupError } from '../../src/startup-error.js';
import { backupEmbedded, restoreEmbedded } from '../../src/store/embedded-backup.js';

/** What a throwing call threw; fails the test when it did not throw. */
async function thrown(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('errors the app throws on purpose carry a stable code', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the code, the message, the cause and the subclass name', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new StartupError('The database at 127.0.0.1:1 cannot be reached.', { cause });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'startup.unavailable', name: 'StartupError', cause });
    expect(new AppError('backup.invalid', 'x').name).toBe('AppError');
  });

  it('a configuration problem is config.invalid and lists every problem', async () => {
    const error = await thrown(() => loadConfig({ PORT: 'tachtig', DATABASE_URL: 'mysql://nope' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'config.invalid', name: 'ConfigError' });
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(2);
  });

  it('a port in use is server.cannot_listen, keeping the system code apart', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await thrown(() => listen(express(), '127.0.0.1', port));
      expect(error).toBeInstanceOf(ListenError);
      expect(error).toMatchObject({ code: 'server.cannot_listen', systemCode: 'EADDRINUSE' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('backup and restore refuse what they cannot use with their own codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vv-app-error-'));
    dirs.push(dir);
    const notABackup = join(dir, 'notes.txt');
    writeFileSync(notABackup, 'geen back-up');
    expect(await thrown(() => backupEmbedded(join(dir, 'missing'), join(dir, 'out.tar.gz')))).toMatchObject({
      code: 'backup.nothing',
    });
    expect(await thrown(() => restoreEmbedded(notABackup, join(dir, 'data')))).toMatchObject({
      code: 'backup.invalid',
    });
  });
});
