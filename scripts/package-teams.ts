// The Teams app package a school's IT person uploads: the app id (MicrosoftAppId) and the host
// (PUBLIC_URL) filled into manifest/teams/manifest.json, zipped with the two icons.
// `npm run package:teams` runs package-teams-cli.ts, which writes it to manifest/teams/build/.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';

export const DIR = new URL('../manifest/teams/', import.meta.url);
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const PLACEHOLDER_HOST = 'vijfvragen.example';
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface PackageInput {
  appId: string;
  publicUrl: string;
  version: string;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export async function buildTeamsPackage(input: PackageInput): Promise<Buffer> {
  const problems: string[] = [];
  if (!GUID.test(input.appId)) problems.push("MicrosoftAppId: must be the bot registration's app id (a GUID)");
  let host = '';
  try {
    const url = new URL(input.publicUrl);
    if (url.protocol !== 'https:') problems.push('PUBLIC_URL: Teams only loads https addresses');
    host = url.host;
  } catch {
    problems.push('PUBLIC_URL: must be the public https address of the bot, e.g. https://vijfvragen.school.nl');
  }
  if (!/^\d+\.\d+\.\d+$/.test(input.version)) problems.push('TEAMS_APP_VERSION: must look like 1.0.0');
  if (problems.length > 0) throw new Error(`Cannot build the Teams package:\n  - ${problems.join('\n  - ')}`);
  const template = readFileSync(new URL('manifest.json', DIR), 'utf8');
  const manifest = JSON.parse(
    template.split(PLACEHOLDER_ID).join(input.appId.toLowerCase()).split(PLACEHOLDER_HOST).join(host),
  ) as Record<string, unknown>;
  manifest.version = input.version;
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file('color.png', readFileSync(new URL('color.png', DIR)));
  zip.file('outline.png', readFileSync(new URL('outline.png', DIR)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
