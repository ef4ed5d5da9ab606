import { describe, expect, it } from 'vitest';
import { installationTokenSource } from '../../src/bot/slack/slack-workspaces.js';
import { createTokenBox } from '../../src/bot/slack/token-crypto.js';
import type { SlackInstallationRecord, SlackInstallations } from '../../src/bot/slack/slack-installations.js';

const box = createTokenBox(Buffer.alloc(32, 7).toString('base64'));

function repository() {
  const rows = new Map<string, SlackInstallationRecord>();
  let finds = 0;
  const repo: SlackInstallations = {
    async save(record) {
      rows.set(record.teamId, record);
    },
    async find(teamId) {
      finds += 1;
      return rows.get(teamId) ?? null;
    },
    async remove(teamId) {
      rows.delete(teamId);
    },
  };
  const install = (teamId: string, token: string) =>
    repo.save({
      teamId,
      enterpriseId: null,
      organisationId: 'org-1',
      botUserId: 'U0BOT',
      sealed: box.seal(JSON.stringify({ team: { id: teamId }, bot: { token, userId: 'U0BOT', id: 'B0BOT' } }), teamId),
      installedAt: new Date(0),
      updatedAt: new Date(0),
    });
  return { repo, install, finds: () => finds };
}

describe('installationTokenSource: the decrypted installation is read once per workspace', () => {
  it('reuses it for many posts, reads again after the cache time, and after forget', async () => {
    const { repo, install, finds } = repository();
    await install('T1', 'xoxb-first');
    let now = 0;
    const tokens = installationTokenSource(repo, box, { cacheMs: 60_000, now: () => now });
    const auths = await Promise.all(Array.from({ length: 50 }, () => tokens.forTeam('T1')));
    expect(new Set(auths.map((a) => a?.botToken))).toEqual(new Set(['xoxb-first']));
    expect(finds()).toBe(1);

    // Installed again (tokens rotated) by another replica: seen once the cache time has passed.
    await install('T1', 'xoxb-second');
    now = 59_999;
    expect((await tokens.forTeam('T1'))?.botToken).toBe('xoxb-first');
    now = 60_000;
    expect((await tokens.forTeam('T1'))?.botToken).toBe('xoxb-second');
    expect(finds()).toBe(2);

    // Removed in this process: forgotten at once.
    await repo.remove('T1');
    tokens.forget?.('T1');
    expect(await tokens.forTeam('T1')).toBeNull();
  });

  it('does not remember a workspace that is not installed, nor a failed read', async () => {
    const { repo, install, finds } = repository();
    const tokens = installationTokenSource(repo, box);
    expect(await tokens.forTeam('T2')).toBeNull();
    await install('T2', 'xoxb-late');
    expect((await tokens.forTeam('T2'))?.botToken).toBe('xoxb-late');
    expect(finds()).toBe(2);

    let broken = true;
    const flaky: SlackInstallations = {
      ...repo,
      find: (teamId) => (broken ? Promise.reject(new Error('database away')) : repo.find(teamId)),
    };
    const again = installationTokenSource(flaky, box);
    await expect(again.forTeam('T2')).rejects.toThrow('database away');
    broken = false;
    expect((await again.forTeam('T2'))?.botToken).toBe('xoxb-late');
  });
});
