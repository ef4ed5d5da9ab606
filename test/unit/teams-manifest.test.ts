import { readFileSync } from 'node:fs';
import type { Ajv } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { pngSize, buildTeamsPackage } from '../../scripts/package-teams.js';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(
  readFileSync(new URL('../../manifest/teams/manifest.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & {
  bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
};

function validator() {
  const schema = JSON.parse(readFileSync('/work/shared/schemas/teams-manifest-1.25.schema.json', 'utf8')) as object;
  // As the schemas README says: draft-04, regexes that are invalid in unicode mode, strict off.
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv as unknown as Ajv);
  return ajv.compile(schema);
}

describe('Teams app package', () => {
  it('has a manifest valid against the official 1.25 schema', () => {
    const validate = validator();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.manifestVersion).toBe('1.25');
  });

  it('lists the commands the bot understands, Dutch words first', () => {
    const team = manifest.bots[0]?.commandLists.find((l) => l.scopes.includes('team'))?.commands.map((c) => c.title);
    expect(team).toEqual(['help', 'koppel', 'ronde', 'acties', 'digest', 'dashboard']);
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = readFileSync(new URL('../../manifest/teams/color.png', import.meta.url));
    const outline = readFileSync(new URL('../../manifest/teams/outline.png', import.meta.url));
    expect(pngSize(color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(outline)).toEqual({ width: 32, height: 32 });
    const pixels = PNG.sync.read(outline).data;
    let drawn = 0;
    let clear = 0;
    for (let at = 0; at < pixels.length; at += 4) {
      if (pixels[at + 3] === 0) clear += 1;
      else {
        drawn += 1;
        // Every visible pixel is white; only its opacity varies (anti-aliased edges).
        expect([pixels[at], pixels[at + 1], pixels[at + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(drawn).toBeGreaterThan(50);
    expect(clear).toBeGreaterThan(drawn);
  });

  it('fills in the app id and host and zips manifest and icons', async () => {
    const zip = await buildTeamsPackage({
      appId: '11111111-2222-4333-8444-555555555555',
      publicUrl: 'https://vijfvragen.school.nl',
      version: '1.2.3',
    });
    const files = await JSZip.loadAsync(zip);
    expect(Object.keys(files.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const filled = JSON.parse((await files.file('manifest.json')?.async('string')) ?? '{}') as Record<string, unknown>;
    const text = JSON.stringify(filled);
    expect(text).not.toContain('00000000-0000-0000-0000-000000000000');
    expect(text).not.toContain('vijfvragen.example');
    expect(filled).toMatchObject({
      id: '11111111-2222-4333-8444-555555555555',
      version: '1.2.3',
      validDomains: ['vijfvragen.school.nl'],
      webApplicationInfo: { resource: 'api://vijfvragen.school.nl/11111111-2222-4333-8444-555555555555' },
    });
    const validate = validator();
    expect(validate(filled)).toBe(true);
  });

  it('refuses to package without an app id or an https address', async () => {
    await expect(
      buildTeamsPackage({ appId: 'not-a-guid', publicUrl: 'https://x.nl', version: '0.1.0' }),
    ).rejects.toThrow(/MicrosoftAppId/);
    await expect(
      buildTeamsPackage({ appId: '11111111-2222-4333-8444-555555555555', publicUrl: 'http://x.nl', version: '0.1.0' }),
    ).rejects.toThrow(/PUBLIC_URL/);
  });
});
