import { openApp, type App } from '../app.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createLogger } from '../logger.js';

/** Opens the app for one CLI command, logging to stderr so stdout stays clean for JSON. */
export async function openForCli(config: Config = loadConfigOrExit()): Promise<App> {
  return openApp(config, { log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr) });
}

export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
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
  const organisations = await app.store.organisations.list();
  if (ref) {
    const found = organisations.find((o) => o.id === ref || o.name.toLowerCase() === ref.toLowerCase());
    if (!found) fail(`No organisation "${ref}".`);
    return found.id;
  }
  if (organisations.length === 1 && organisations[0]) return organisations[0].id;
  fail(organisations.length === 0 ? 'No organisation yet: start the bot once (it seeds a demo board locally) or install it in Slack or Teams.' : 'Several organisations: name one with --org <id|name>.');
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
