import type { Command } from 'commander';
import { fail, loadConfigOrExit } from './context.js';

/** Moving a database to another TOKEN_SECRET without losing whose anonymous answers are whose. */
export function registerTokenSecretCommands(program: Command): void {
  const tokenSecret = program.command('token-secret').description('the secret that keys anonymous answers and links');
  tokenSecret
    .command('rekey')
    .description(
      're-key stored answers from PREVIOUS_TOKEN_SECRET (default: the built-in local-mode secret) to TOKEN_SECRET',
    )
    .action(async () => {
      const config = await loadConfigOrExit();
      // Loaded here, not at the top: `vijfvragen --help` must not load the database or zod.
      const [{ openApp }, { BUILT_IN_TOKEN_SECRET, ConfigError }, { createLogger }] = await Promise.all([
        import('../app.js'),
        import('../config.js'),
        import('../logger.js'),
      ]);
      if (config.tokenSecret === BUILT_IN_TOKEN_SECRET)
        fail('TOKEN_SECRET: set the new secret (at least 32 random characters) to re-key to.');
      const app = await openApp(config, { guardTokenSecret: false, log: createLogger('warn', process.stderr) });
      try {
        const report = await app.rekeyTokenSecret({
          previous: config.previousTokenSecret ?? BUILT_IN_TOKEN_SECRET,
          next: config.tokenSecret,
          now: new Date(),
        });
        console.log(
          `Re-keyed ${report.replies} replies to TOKEN_SECRET${report.unmatched > 0 ? `; ${report.unmatched} author tokens matched nobody and were left as they were` : ''}. ` +
            'Sign-in and guest links handed out before no longer open: invite guests again with `vijfvragen guest invite` where needed.',
        );
      } catch (error) {
        if (error instanceof ConfigError) fail(error.message);
        throw error;
      } finally {
        await app.close();
      }
    });
}
