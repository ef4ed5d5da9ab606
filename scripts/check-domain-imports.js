#!/usr/bin/env node
// Second, dependency-level guard for the domain boundary (the lint rule is the first): every
// import in src/dialogues must be relative to the domain itself or a Node built-in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(process.argv[2] ?? 'src/dialogues');
const problems = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts')) check(path);
  }
}
function check(file) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = match[1] ?? match[2];
    if (spec.startsWith('node:')) continue;
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      if (target.startsWith(root)) continue;
    }
    problems.push(`${relative(process.cwd(), file)}: imports '${spec}'`);
  }
}
walk(root);
if (problems.length > 0) {
  console.error('src/dialogues must import only itself and Node built-ins:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('domain boundary ok: src/dialogues imports only itself and node: built-ins');
