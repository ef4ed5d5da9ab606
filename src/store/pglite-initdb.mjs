// Creates an empty PGlite database in the folder given as the only argument, and exits. Run as a
// child process by openDatabase on a first start: initdb makes PGlite grow to several hundred MB,
// which a long-running process would keep (WebAssembly memory does not shrink); this process
// gives it all back when it exits. Plain JavaScript, so it runs the same from src/ and dist/.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node pglite-initdb.mjs <data folder>');
  process.exit(2);
}
const pglite = await PGlite.create(dataDir);
await pglite.close();
