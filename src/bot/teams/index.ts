import type { Router } from 'express';
import express from 'express';
import type { ChannelModule, ChannelModuleDeps } from '../channel-module.js';
import { memoryTeamsConversations, type TeamsConversations } from './teams-conversations.js';
import { createTeamsAdapter, type AdapterOverrides } from './teams-adapter.js';
import { createTurnHandler } from './teams-bot.js';
import { createTeamsChannel } from './teams-channel.js';
import { messagesRouter } from './teams-routes.js';
import type { TeamsRuntime } from './teams-runtime.js';
import { createOrganisationDirectory } from '../../dialogues/provision-organisation.js';
import { tabRouter } from './tab/tab-routes.js';

export { MESSAGES_PATH } from './teams-routes.js';
export { TEAMS_PER_CHANNEL_INTERVAL_MS } from './teams-channel.js';
export type { AdapterOverrides } from './teams-adapter.js';

export interface TeamsModuleOptions extends AdapterOverrides {
  /** Where conversation references are kept; the SQL repository in production. */
  conversations?: TeamsConversations;
}

/**
 * The Microsoft Teams channel module: botbuilder's CloudAdapter on `POST /api/messages`, the
 * Teams tab (`/teams/tab`, with SSO sign-in at `/teams/tab/session`), and the ChatChannel the
 * delivery worker posts through. Returns null when Teams is not configured (no MicrosoftAppId
 * and no TEAMS_LOCAL_NO_AUTH). Every botbuilder import stays inside this folder.
 *
 * @example
 * const teams = await createTeamsModule({ deps, features, config, log, teamsConversations: app.platformStores.teamsConversations });
 * if (teams) modules.push(teams);
 */
export async function createTeamsModule(
  moduleDeps: ChannelModuleDeps,
  options: TeamsModuleOptions = {},
): Promise<ChannelModule | null> {
  const { deps, features, config, log } = moduleDeps;
  if (!config.teams.enabled) return null;
  const adapter = createTeamsAdapter(config, options);
  const runtime: TeamsRuntime = {
    deps,
    features,
    log,
    adapter,
    appId: config.teams.appId ?? '',
    conversations: options.conversations ?? moduleDeps.teamsConversations ?? memoryTeamsConversations(),
    tenants: createOrganisationDirectory(deps, 'teams', {
      locale: config.defaultLocale,
      timeZone: config.defaultTimeZone,
    }),
    dashboardUrl: `${config.publicUrl}/dashboard`,
  };
  const fallbackTenant = config.teams.localNoAuth ? 'local' : null;
  const handler = createTurnHandler(runtime, fallbackTenant);
  const routes: Router = express.Router();
  routes.use(
    messagesRouter({ adapter, log, allowedTenants: config.teams.allowedTenants, fallbackTenant, logic: handler }),
  );
  routes.use(tabRouter({ deps, config, log }));
  log.info(
    { auth: config.teams.appId ? 'verified' : 'local-no-auth', allowedTenants: config.teams.allowedTenants.length },
    'teams: channel ready',
  );
  return { platform: 'teams', channel: createTeamsChannel(runtime), routes };
}
