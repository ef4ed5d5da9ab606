// `npm run build`: compiles src/ to dist/ (esbuild, one JavaScript file per TypeScript file, no
// bundling; `npm run typecheck` is what checks the types), copies the files that are not TypeScript
// (web and tab assets), and records which sources the build was made from: bin/vijfvragen.js runs
// dist/ only while that still matches. Production installs run it once after `npm ci`.
import { cpSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { sourceFingerprint } from '../bin/source-fingerprint.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
// Written beside dist/ and swapped in at the end, so a process starting meanwhile sees the old
// build or the new one, never half of one.
const next = join(root, `dist.next-${process.pid}`);
// Taken before compiling: an edit made while the build runs leaves it marked as not current.
const sources = sourceFingerprint(src);

const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
try {
  buildSync({
    entryPoints: files.filter((file) => file.endsWith('.ts')),
    outdir: next,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const file of files.filter((f) => !f.endsWith('.ts'))) cpSync(file, join(next, relative(src, file)));
  writeFileSync(join(next, 'build-info.json'), `${JSON.stringify({ sources, builtAt: new Date().toISOString() })}\n`);
  rmSync(dist, { recursive: true, force: true });
  renameSync(next, dist);
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  console.error(`build: failed; dist/ is unchanged.\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(
  `build: dist/ written from ${files.length} files in src/; bin/vijfvragen.js runs it while src/ is unchanged.`,
);
