import type { App } from '../app.js';
import type { Config } from '../config.js';
import { listOrganisations } from '../dialogues/operator-reads.js';

// Each command loads the configuration, the store and the logger when it runs, not when the
// program starts: `vijfvragen --help` and a mistyped command then load next to nothing.

/** Opens the app for one CLI command, logging to stderr so stdout stays clean for JSON. */
export async function openForCli(given?: Config): Promise<App> {
  const config = given ?? (await loadConfigOrExit());
  const [{ openApp }, { createLogger }] = await Promise.all([import('../app.js'), import('../logger.js')]);
  return openApp(config, {
    log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr, {
      personalData: config.logPersonalData,
    }),
  });
}

export async function loadConfigOrExit(): Promise<Config> {
  const { ConfigError, loadConfig, readEnvironment } = await import('../config.js');
  try {
    return loadConfig(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** Runs `work` with an open app and always closes it; a failure prints its message and exits 1. */
export async function withApp(work: (app: App) => Promise<void>): Promise<void> {
  const app = await openForCli();
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

/** The organisation a command is about: the only one, or the one named with --org. */
export async function pickOrganisation(app: App, ref: string | undefined): Promise<string> {
  const organisations = await listOrganisations(app.deps);
  if (ref) {
    const found = organisations.find((o) => o.id === ref || o.name.toLowerCase() === ref.toLowerCase());
    if (!found) fail(`No organisation "${ref}".`);
    return found.id;
  }
  if (organisations.length === 1 && organisations[0]) return organisations[0].id;
  fail(
    organisations.length === 0
      ? 'No organisation yet: start the bot once (it seeds a demo board locally) or install it in Slack or Teams.'
      : 'Several organisations: name one with --org <id|name>.',
  );
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
