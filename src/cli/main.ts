import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { registerAdminCommands } from './admin-commands.js';
import { registerDigestCommands } from './digest-commands.js';
import { loadConfigOrExit } from './context.js';
import { registerOutcomeCommands } from './outcome-commands.js';
import { registerPrivacyCommands } from './privacy-commands.js';
import { registerRoundCommands } from './round-commands.js';

const program = new Command('vijfvragen')
  .description('Vijf Vragen: the five quality questions in your team channels (Slack, Teams, local web channel)')
  .showHelpAfterError();

program
  .command('start')
  .description('start the bot: HTTP server, scheduler and delivery worker')
  .action(async () => {
    const config = loadConfigOrExit();
    // Loaded here, not at the top: the other commands need none of the chat SDKs.
    const { startVijfVragen } = await import('../main.js');
    const running = await startVijfVragen(config);
    if (config.localMode) console.log(`\nVijf Vragen draait lokaal: open ${running.url} in je browser.\nVijf Vragen is running locally: open ${running.url} in your browser.\n`);
    const shutdown = (signal: string) => {
      running.app.log.info({ signal }, 'shutdown requested');
      running.stop().then(() => process.exit(0), (error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });

registerAdminCommands(program);
registerRoundCommands(program);
registerPrivacyCommands(program);
registerOutcomeCommands(program);
registerDigestCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
