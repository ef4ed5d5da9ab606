import { Command } from 'commander';
import { AppError } from '../app-error.js';
import { registerAdminCommands } from './admin-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerDigestCommands } from './digest-commands.js';
import { loadConfigOrExit } from './context.js';
import { registerOutcomeCommands } from './outcome-commands.js';
import { registerPrivacyCommands } from './privacy-commands.js';
import { registerReportCommands } from './report-commands.js';
import { registerRoundCommands } from './round-commands.js';
import { registerScheduleCommands } from './schedule-commands.js';
import { registerTokenSecretCommands } from './token-secret-commands.js';

const program = new Command('vijfvragen')
  .description('Vijf Vragen: the five quality questions in your team channels (Slack, Teams, local web channel)')
  .showHelpAfterError();

program
  .command('start')
  .description('start the bot: HTTP server, scheduler and delivery worker')
  .action(async () => {
    const config = await loadConfigOrExit();
    // Loaded here, not at the top: the other commands need none of the chat SDKs.
    const { runUntilSignalled } = await import('../main.js');
    await runUntilSignalled(config);
  });

registerAdminCommands(program);
registerRoundCommands(program);
registerScheduleCommands(program);
registerPrivacyCommands(program);
registerOutcomeCommands(program);
registerDigestCommands(program);
registerReportCommands(program);
registerBackupCommands(program);
registerTokenSecretCommands(program);

// Set last, so subcommands do not inherit it: only `report` asks for it too (its subcommands repeat --school).
program.enablePositionalOptions();

program.parseAsync(process.argv).catch((error: unknown) => {
  // Problems the operator fixes outside the program get their one line, never a stack trace.
  if (error instanceof AppError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
