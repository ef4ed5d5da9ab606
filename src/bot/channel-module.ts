import type { Router } from 'express';
import type { DialogueDeps } from '../dialogues/deps.js';
import type { Platform } from '../dialogues/model.js';
import type { ChatChannel } from '../dialogues/ports.js';
import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';
import type { SlackInstallations } from './slack/slack-installations.js';
import type { TeamsConversations } from './teams/teams-conversations.js';
import type { CommandFeatures } from './commands/run-command.js';

/**
 * One chat platform, as the composition root sees it: the port the delivery worker posts through,
 * the HTTP routes it serves on the shared server, and a start/stop for anything long-lived
 * (Slack Socket Mode). The transport is this small on purpose (bolt-js receivers are the model).
 */
export interface ChannelModule {
  readonly platform: Platform;
  readonly channel: ChatChannel;
  /** Mounted at the server root; each module owns its own paths (`/slack/*`, `/api/messages`, `/web/*`). */
  readonly routes?: Router;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** What a channel module is built from. Tests build the same thing with test parts. */
export interface ChannelModuleDeps {
  deps: DialogueDeps;
  features: CommandFeatures;
  config: Config;
  log: AppLogger;
  /** Where Slack OAuth installations are kept (tokens sealed); needed when Slack runs with OAuth. */
  slackInstallations?: SlackInstallations;
  /** Where Teams conversation references are kept (to post into Teams later). */
  teamsConversations?: TeamsConversations;
}
