import type { Installation } from '@slack/bolt';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale } from '../../dialogues/model.js';
import type { SlackInstallationRepository } from '../../store/slack-installation-repository.js';
import type { SlackClients } from './slack-client.js';
import type { TokenBox } from './token-crypto.js';

/** What the bot needs to act in one workspace. */
export interface WorkspaceAuth {
  teamId: string;
  botToken: string;
  botUserId: string;
  botId?: string;
}

/** Bot tokens per workspace: the one configured token, or the OAuth installations. */
export interface TokenSource {
  forTeam(teamId: string): Promise<WorkspaceAuth | null>;
}

/** Single-workspace mode: SLACK_BOT_TOKEN, with its identity read once from auth.test. */
export function singleTokenSource(botToken: string, clients: SlackClients): TokenSource & { identity(): Promise<WorkspaceAuth & { teamName: string }> } {
  let identity: Promise<WorkspaceAuth & { teamName: string }> | null = null;
  const load = () => {
    identity ??= clients.interactive(botToken).auth.test().then((r) => ({
      teamId: String(r.team_id ?? ''),
      teamName: String(r.team ?? ''),
      botToken,
      botUserId: String(r.user_id ?? ''),
      ...(r.bot_id ? { botId: String(r.bot_id) } : {}),
    }));
    // A failed auth.test (network down at start) must not stick: try again on next use.
    identity.catch(() => void (identity = null));
    return identity;
  };
  return {
    identity: load,
    // Every Slack binding belongs to the one workspace this token serves.
    async forTeam() {
      return load();
    },
  };
}

/** OAuth mode: tokens come from the sealed installations in the database. */
export function installationTokenSource(installations: SlackInstallationRepository, box: TokenBox): TokenSource {
  return {
    async forTeam(teamId) {
      const installation = await openInstallation(installations, box, teamId);
      if (!installation?.bot) return null;
      return { teamId, botToken: installation.bot.token, botUserId: installation.bot.userId, botId: installation.bot.id };
    },
  };
}

export async function openInstallation(installations: SlackInstallationRepository, box: TokenBox, teamId: string): Promise<Installation | null> {
  const record = await installations.find(teamId);
  return record ? (JSON.parse(box.open(record.sealed, teamId)) as Installation) : null;
}

export interface OrganisationDefaults {
  locale: Locale;
  timeZone: string;
}

/**
 * The organisation a workspace belongs to, created on first sight: a new workspace is a new
 * school board named after the Slack team, with one school of the same name so `koppel <team>`
 * can create teams at once. Coordinators add schools and move teams later (CLI).
 */
export function createWorkspaceDirectory(deps: DialogueDeps, defaults: OrganisationDefaults) {
  const inFlight = new Map<string, Promise<string>>();

  async function provision(teamId: string, teamName: string): Promise<string> {
    const known = await deps.store.workspaces.findOrganisation('slack', teamId);
    if (known) return known;
    const name = teamName.trim() || `Slack ${teamId}`;
    const now = deps.clock.now();
    const organisationId = deps.newId();
    try {
      await deps.store.transaction(async (tx) => {
        await tx.organisations.create({ id: organisationId, name, locale: defaults.locale, timeZone: defaults.timeZone, retentionDays: null, createdAt: now });
        await tx.schools.create({ id: deps.newId(), organisationId, name });
        await tx.workspaces.link('slack', teamId, organisationId);
        await tx.audit.record({ organisationId, actorPersonId: null, action: 'workspace.linked', subject: `slack:${teamId}`, details: { name }, at: now });
      });
      deps.log.info({ teamId, organisationId }, 'slack workspace mapped to a new organisation');
      return organisationId;
    } catch (error) {
      // Another process linked the workspace first: its organisation wins, ours was rolled back.
      const winner = await deps.store.workspaces.findOrganisation('slack', teamId);
      if (winner) return winner;
      throw error;
    }
  }

  return {
    /** The organisation of a workspace, or null when it was never seen. */
    find: (teamId: string) => deps.store.workspaces.findOrganisation('slack', teamId),
    /** The organisation of a workspace, created when needed (one at a time per workspace in this process). */
    ensure(teamId: string, teamName: string): Promise<string> {
      const pending = inFlight.get(teamId);
      if (pending) return pending;
      const work = provision(teamId, teamName).finally(() => inFlight.delete(teamId));
      inFlight.set(teamId, work);
      return work;
    },
  };
}

export type WorkspaceDirectory = ReturnType<typeof createWorkspaceDirectory>;
