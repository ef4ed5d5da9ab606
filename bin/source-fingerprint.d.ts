/** What the compiled build was made from: changes with any edited, added or deleted file under `srcDir`. */
export function sourceFingerprint(srcDir: string): string;
