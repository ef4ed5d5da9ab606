import type { App } from '../app.js';
import type { ChannelModule, ChannelModuleDeps } from './channel-module.js';
import { createSlackModule } from './slack/index.js';
import { createTeamsModule } from './teams/index.js';
import { createWebModule } from './web/index.js';
import { slackInstallationRepository } from '../store/slack-installation-repository.js';
import { teamsConversationRepository } from '../store/teams-conversation-repository.js';

/**
 * Every chat platform the configuration switches on. The web channel is always there (it is
 * also how the delivery worker reaches web bindings); Slack and Teams only with credentials.
 */
export async function platformModules(app: App, moduleDeps: ChannelModuleDeps): Promise<ChannelModule[]> {
  const withStores: ChannelModuleDeps = { ...moduleDeps, slackInstallations: moduleDeps.slackInstallations ?? slackInstallationRepository(app.database.db) };
  const modules: ChannelModule[] = [createWebModule(withStores)];
  const slack = await createSlackModule(withStores);
  if (slack) modules.push(slack);
  const teams = await createTeamsModule({ ...withStores, teamsConversations: moduleDeps.teamsConversations ?? teamsConversationRepository(app.database.db) });
  if (teams) modules.push(teams);
  return modules;
}
