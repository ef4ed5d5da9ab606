import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: compiles src/ to dist/ once (esbuild, about a second), so every test that
 * starts `vijfvragen` as a process runs the build production runs, without TypeScript compiled
 * in each process. bin/vijfvragen.js falls back to the sources whenever they change afterwards.
 */
export default function buildOnce(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
