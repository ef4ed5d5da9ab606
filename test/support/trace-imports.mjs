// `node --import ./test/support/trace-imports.mjs …`: writes every module the program imports
// (ESM resolutions, including each package's entry) to stderr as `import <url>`, so a test can
// check what a command loads.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!resolved.url.startsWith('node:')) process._rawDebug('import ' + resolved.url);
  return resolved;
}`),
);
