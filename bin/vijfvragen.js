#!/usr/bin/env node
// Runs the compiled build (`npm run build` writes dist/) when it is there and was made from the
// sources as they are now; otherwise the TypeScript sources through tsx, so a fresh clone needs no
// build step and an edited source is never shadowed by an old build.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceFingerprint } from './source-fingerprint.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function buildIsCurrent() {
  // Set by tests (and by anyone who wants to be sure): run the TypeScript sources.
  if (process.env.VIJFVRAGEN_FROM_SOURCE === '1') return false;
  try {
    const info = JSON.parse(readFileSync(`${root}dist/build-info.json`, 'utf8'));
    return info.sources === sourceFingerprint(`${root}src`);
  } catch {
    return false;
  }
}

if (buildIsCurrent()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
