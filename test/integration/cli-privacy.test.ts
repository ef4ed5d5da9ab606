import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS } from '../support/cli.js';
import { cliTargets } from '../support/cli-targets.js';

for (const target of cliTargets('vv-cli-privacy-', { migrated: true })) {
  describe(`vijfvragen person export / erase, retention [${target.name}]`, () => {
    const { cli } = target;
    beforeAll(async () => {
      await target.setUp();
      expect((await cli('migrate')).code).toBe(0);
      expect((await cli('seed-demo', '--no-history')).code).toBe(0);
    }, CLI_TIMEOUT_MS);
    afterAll(() => target.tearDown());

    it(
      'exports one person as JSON, refuses erasure without --yes, erases with it',
      async () => {
        const exported = await cli('person', 'export', '--person', 'Anouk de Vries');
        expect(exported.code).toBe(0);
        const body = JSON.parse(exported.stdout) as {
          format: string;
          person: { id: string; displayName: string };
          identities: unknown[];
          roles: unknown[];
        };
        expect(body).toMatchObject({ format: 'vijfvragen.person-export/1', person: { displayName: 'Anouk de Vries' } });
        expect(body.identities).toHaveLength(1);
        expect(body.roles.length).toBeGreaterThan(0);

        const unconfirmed = await cli('person', 'erase', '--person', body.person.id);
        expect(unconfirmed.code).toBe(1);
        expect(unconfirmed.stderr).toContain('--yes');
        expect(JSON.parse((await cli('person', 'export', '--person', body.person.id)).stdout)).toMatchObject({
          person: { id: body.person.id },
        });

        const erased = await cli('person', 'erase', '--person', body.person.id, '--yes');
        expect(erased.code).toBe(0);
        expect(erased.stdout).toContain(`Erased person ${body.person.id}: 0 replies, 1 identities`);
        const again = await cli('person', 'export', '--person', body.person.id);
        expect(again.code).toBe(1);
        expect(again.stderr).toContain(`No person "${body.person.id}"`);
        const people = JSON.parse((await cli('people', '--json')).stdout) as { displayName: string }[];
        expect(people.map((p) => p.displayName)).not.toContain('Anouk de Vries');
      },
      CLI_TIMEOUT_MS,
    );

    it(
      'sets the retention period, refuses nonsense, and purges on demand',
      async () => {
        const bad = await cli('retention', 'set', '--days', 'soon');
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('--days must be a whole number of days or "off"');
        expect((await cli('retention', 'set', '--days', '0')).code).toBe(1);
        expect((await cli('retention', 'set', '--days', '30')).stdout).toContain('older than 30 days are purged daily');
        const purged = JSON.parse((await cli('retention', 'purge', '--json')).stdout) as {
          organisations: { retentionDays: number; replies: number }[];
        };
        // The demo board was seeded just now: nothing is older than 30 days yet.
        expect(purged.organisations).toEqual([expect.objectContaining({ retentionDays: 30, replies: 0 })]);
      },
      CLI_TIMEOUT_MS,
    );
  });
}
