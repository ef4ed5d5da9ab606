import type { AuthorizeResult, InstallationStore } from '@slack/bolt';
import type { ChannelModule, ChannelModuleDeps } from '../channel-module.js';
import { buildSlackApp } from './slack-app.js';
import { createSlackChannel } from './slack-channel.js';
import { createSlackClients } from './slack-client.js';
import { createInstallationStore } from './slack-installation-store.js';
import { createPeopleDirectory } from './slack-people.js';
import type { SlackRuntime } from './slack-runtime.js';
import { createOrganisationDirectory } from '../../dialogues/provision-organisation.js';
import {
  installationTokenSource,
  singleTokenSource,
  type TokenSource,
  type WorkspaceAuth,
} from './slack-workspaces.js';
import { createTokenBox } from './token-crypto.js';
import { createWorkspacePacer, type PacingOptions } from './workspace-pacer.js';

export { BOT_SCOPES, EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH } from './slack-app.js';
export { METADATA_EVENT_TYPE } from './post-metadata.js';
export { SLACK_PER_CHANNEL_INTERVAL_MS } from './slack-channel.js';
export { EVENT_TYPES, SLASH_COMMAND } from './slack-listeners.js';

/**
 * The Slack channel module: Bolt on the shared HTTP server (`POST /slack/events`, and with OAuth
 * `/slack/install` + `/slack/oauth_redirect`), or Socket Mode when SLACK_APP_TOKEN is set; and
 * the ChatChannel the delivery worker posts through. Returns null when Slack is not configured.
 *
 * @example
 * const slack = await createSlackModule({ deps, features, config, log, slackInstallations: app.platformStores.slackInstallations });
 * if (slack) modules.push(slack);
 */
export interface SlackModuleOptions {
  /** Workspace posting pace; tests pass a sleep that moves their fake clock. */
  pacing?: PacingOptions;
}

export async function createSlackModule(
  moduleDeps: ChannelModuleDeps,
  options: SlackModuleOptions = {},
): Promise<ChannelModule | null> {
  const { deps, features, config, log } = moduleDeps;
  const slack = config.slack;
  if (slack.mode === 'off') return null;
  const clients = createSlackClients(slack.apiUrl, log);
  const workspaces = createOrganisationDirectory(deps, 'slack', {
    locale: config.defaultLocale,
    timeZone: config.defaultTimeZone,
  });
  // The store's hot reads are cached by the composition root (`createStoreCache`), for every platform.
  const people = createPeopleDirectory(deps);
  const asAuthorizeResult = (auth: WorkspaceAuth): AuthorizeResult => ({
    botToken: auth.botToken,
    botUserId: auth.botUserId,
    ...(auth.botId ? { botId: auth.botId } : {}),
    teamId: auth.teamId,
  });

  let tokens: TokenSource;
  let organisationFor: (teamId: string) => Promise<string>;
  let makeInstallationStore: ((runtime: SlackRuntime) => InstallationStore) | null = null;
  if (slack.mode === 'single') {
    if (!slack.botToken) throw new Error('slack: SLACK_BOT_TOKEN is required in single-workspace mode');
    const single = singleTokenSource(slack.botToken, clients);
    tokens = single;
    organisationFor = async (teamId) => {
      const identity = await single.identity();
      // Authorisation already refused other workspaces; this keeps any later path from making one.
      if (teamId !== identity.teamId)
        throw new Error(`slack: workspace ${teamId} is not the workspace of SLACK_BOT_TOKEN`);
      return workspaces.ensure(teamId, identity.teamName);
    };
  } else {
    const installations = moduleDeps.slackInstallations;
    if (!installations)
      throw new Error('slack: OAuth mode needs the installation repository (ChannelModuleDeps.slackInstallations)');
    if (!config.encryptionKey) throw new Error('slack: OAuth mode needs ENCRYPTION_KEY to seal installation tokens');
    const box = createTokenBox(config.encryptionKey);
    tokens = installationTokenSource(installations, box);
    // Installing created the organisation; `ensure` only covers an installation made before this version.
    organisationFor = async (teamId) => (await workspaces.find(teamId)) ?? workspaces.ensure(teamId, '');
    makeInstallationStore = (runtime) => createInstallationStore(runtime, installations, box);
  }

  const pacer = createWorkspacePacer({ now: () => deps.clock.now().getTime(), ...options.pacing });
  const runtime: SlackRuntime = {
    deps,
    features,
    log,
    clients,
    tokens,
    workspaces,
    people,
    pacer,
    organisationFor,
    dashboardUrl: `${config.publicUrl}/dashboard`,
  };
  const parts = buildSlackApp({
    config,
    runtime,
    installationStore: makeInstallationStore?.(runtime) ?? null,
    async authorize(teamId) {
      const auth = teamId ? await tokens.forTeam(teamId) : null;
      if (!auth) throw new Error(`slack: no bot token for workspace ${teamId ?? '(unknown)'}`);
      return asAuthorizeResult(auth);
    },
  });
  log.info({ mode: slack.mode, transport: parts.socket ? 'socket' : 'http' }, 'slack: channel ready');
  return {
    platform: 'slack',
    channel: createSlackChannel(runtime),
    ...(parts.router ? { routes: parts.router } : {}),
    async start() {
      await parts.socket?.start();
    },
    async stop() {
      await parts.socket?.stop();
    },
  };
}
