#!/usr/bin/env node
// Dependency-level guards for the layers (the ESLint rules are the first line; this one also sees
// dynamic `import()`):
//  1. every import in src/dialogues is relative to the domain itself or a Node built-in;
//  2. no file under src/bot or src/cli imports src/store: adapters and commands reach storage
//     through ports that the composition root (src/app.ts, src/main.ts) fills.
// `--src <dir>` checks another tree laid out like src/ (the unit test uses it).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const at = process.argv.indexOf('--src');
const src = resolve(at >= 0 ? process.argv[at + 1] : 'src');
const domain = join(src, 'dialogues');
const store = join(src, 'store');
const within = (path, dir) => path === dir || path.startsWith(dir + sep);

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file) {
  const text = readFileSync(file, 'utf8');
  const pattern = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2]);
}

const where = (file, spec) => `${relative(process.cwd(), file)}: imports '${spec}'`;
const domainProblems = files(domain).flatMap((file) =>
  imports(file)
    .filter(
      (spec) => !spec.startsWith('node:') && !(spec.startsWith('.') && within(resolve(dirname(file), spec), domain)),
    )
    .map((spec) => where(file, spec)),
);
const storeProblems = [join(src, 'bot'), join(src, 'cli')].flatMap((dir) =>
  files(dir).flatMap((file) =>
    imports(file)
      .filter((spec) => spec.startsWith('.') && within(resolve(dirname(file), spec), store))
      .map((spec) => where(file, spec)),
  ),
);

if (domainProblems.length > 0)
  console.error('src/dialogues must import only itself and Node built-ins:\n' + domainProblems.join('\n'));
if (storeProblems.length > 0)
  console.error(
    'src/bot and src/cli must not import src/store (use a port the composition root fills):\n' +
      storeProblems.join('\n'),
  );
if (domainProblems.length + storeProblems.length > 0) process.exit(1);
console.log('domain boundary ok: src/dialogues imports only itself and node: built-ins');
console.log('adapter boundary ok: nothing under src/bot or src/cli imports src/store');
