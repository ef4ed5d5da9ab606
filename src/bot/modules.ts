import type { ChannelModule, ChannelModuleDeps } from './channel-module.js';
import { createWebModule } from './web/index.js';

/**
 * Every chat platform the configuration switches on. The web channel is always there (it is
 * also how the delivery worker reaches web bindings); Slack and Teams only with credentials.
 * The adapters' own storage ports (`slackInstallations`, `teamsConversations`) come filled in
 * `moduleDeps` from the composition root.
 */
export async function platformModules(moduleDeps: ChannelModuleDeps): Promise<ChannelModule[]> {
  const modules: ChannelModule[] = [createWebModule(moduleDeps)];
  // Each SDK is loaded only when its platform is configured: Bolt and botbuilder are most of
  // what the process would otherwise load and hold for nothing.
  if (moduleDeps.config.slack.mode !== 'off') {
    const { createSlackModule } = await import('./slack/index.js');
    const slack = await createSlackModule(moduleDeps);
    if (slack) modules.push(slack);
  }
  if (moduleDeps.config.teams.enabled) {
    const { createTeamsModule } = await import('./teams/index.js');
    const teams = await createTeamsModule(moduleDeps);
    if (teams) modules.push(teams);
  }
  return modules;
}
