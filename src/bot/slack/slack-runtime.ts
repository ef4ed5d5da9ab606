import type { CommandFeatures } from '../commands/run-command.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Person } from '../../dialogues/model.js';
import type { AppLogger } from '../../logger.js';
import type { SlackClients, WebClient } from './slack-client.js';
import type { PeopleDirectory } from './slack-people.js';
import type { TokenSource, WorkspaceDirectory } from './slack-workspaces.js';
import type { WorkspacePacer } from './workspace-pacer.js';

/** Everything the Slack handlers and the channel share; built once in `createSlackModule`. */
export interface SlackRuntime {
  deps: DialogueDeps;
  features: CommandFeatures;
  log: AppLogger;
  clients: SlackClients;
  tokens: TokenSource;
  workspaces: WorkspaceDirectory;
  people: PeopleDirectory;
  /** Posting pace per workspace (the worker paces per channel). */
  pacer: WorkspacePacer;
  /** Bindings and prompt rounds, cached briefly for the thread-reply path. */
  /** Absolute URL of the dashboard, linked from digests. */
  dashboardUrl: string;
  /** The organisation of a workspace, created on first contact. */
  organisationFor(teamId: string): Promise<string>;
}

/** Who is acting, resolved from a Slack user in a workspace. */
export interface Actor {
  organisationId: string;
  teamId: string;
  person: Person;
  locale: Locale;
}

export async function resolveActor(
  runtime: SlackRuntime,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<Actor> {
  const organisationId = await runtime.organisationFor(teamId);
  const person = await runtime.people.person(client, organisationId, teamId, userId);
  return { organisationId, teamId, person, locale: person.locale };
}

/** Slack channel ids as they appear in payloads; anything else is not rendered as a `<#…>` link. */
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
