// What the compiled build (dist/) was made from: the number of files under src/ and the sum of
// their sizes and modification times. Any edit, added or deleted file changes it, so a build that
// no longer matches the sources is never run by mistake. Kept in plain JavaScript: it decides
// whether TypeScript has to be loaded at all.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sourceFingerprint(srcDir) {
  let count = 0;
  let sum = 0;
  for (const entry of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const stat = statSync(join(entry.parentPath ?? entry.path, entry.name));
    count += 1;
    sum += stat.size + Math.floor(stat.mtimeMs);
  }
  return `${count}:${sum}`;
}
