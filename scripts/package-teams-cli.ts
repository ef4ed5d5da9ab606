// `npm run package:teams`: writes manifest/teams/build/vijfvragen-teams.zip.
// A build step a person runs, not the bot: its inputs are read here rather than via src/config.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIR, buildTeamsPackage } from './package-teams.js';

try {
  const zip = await buildTeamsPackage({
    appId: process.env.MicrosoftAppId ?? '',
    publicUrl: process.env.PUBLIC_URL ?? '',
    version: process.env.TEAMS_APP_VERSION ?? '0.1.0',
  });
  const out = new URL('build/', DIR);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL('vijfvragen-teams.zip', out), zip);
  console.log(`Wrote ${fileURLToPath(new URL('vijfvragen-teams.zip', out))}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
