import type { Installation } from '@slack/bolt';
import type { OrganisationDirectory } from '../../dialogues/provision-organisation.js';
import type { SlackInstallations } from './slack-installations.js';
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
  /** The workspace's installation changed (installed again, removed): read it afresh next time. */
  forget?(teamId: string): void;
}

/** Single-workspace mode: SLACK_BOT_TOKEN, with its identity read once from auth.test. */
export function singleTokenSource(
  botToken: string,
  clients: SlackClients,
): TokenSource & { identity(): Promise<WorkspaceAuth & { teamName: string }> } {
  let identity: Promise<WorkspaceAuth & { teamName: string }> | null = null;
  const load = () => {
    identity ??= clients
      .interactive(botToken)
      .auth.test()
      .then((r) => ({
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
    // The token serves exactly the workspace auth.test names. A request naming any other
    // workspace (forged, or a shared channel's other side) gets no token: Bolt then runs no
    // listener, so it creates no organisation, person, role or binding.
    async forTeam(teamId) {
      const auth = await load();
      return auth.teamId !== '' && auth.teamId === teamId ? auth : null;
    },
  };
}

/** How long a decrypted installation is reused before it is read again (another replica may have changed it). */
export const INSTALLATION_CACHE_MS = 60_000;

/**
 * OAuth mode: tokens come from the sealed installations in the database. Each workspace's
 * installation is read and decrypted once and reused for `cacheMs` (every post and every request
 * needs it; a round to hundreds of channels would otherwise read and decrypt it hundreds of
 * times). This process's own installs and removals forget it at once; another replica's show
 * after at most `cacheMs`. A workspace that is not installed is not remembered.
 */
export function installationTokenSource(
  installations: SlackInstallations,
  box: TokenBox,
  options: { cacheMs?: number; now?: () => number } = {},
): TokenSource {
  const cacheMs = options.cacheMs ?? INSTALLATION_CACHE_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; found: Promise<WorkspaceAuth | null> }>();
  const load = async (teamId: string): Promise<WorkspaceAuth | null> => {
    const installation = await openInstallation(installations, box, teamId);
    if (!installation?.bot) return null;
    return {
      teamId,
      botToken: installation.bot.token,
      botUserId: installation.bot.userId,
      botId: installation.bot.id,
    };
  };
  return {
    forTeam(teamId) {
      const cached = cache.get(teamId);
      if (cached && now() - cached.at < cacheMs) return cached.found;
      const entry = { at: now(), found: load(teamId) };
      cache.set(teamId, entry);
      // Neither a failure nor a missing installation sticks: the next use reads again.
      const drop = () => void (cache.get(teamId) === entry && cache.delete(teamId));
      entry.found.then((auth) => auth ?? drop(), drop);
      return entry.found;
    },
    forget(teamId) {
      cache.delete(teamId);
    },
  };
}

export async function openInstallation(
  installations: SlackInstallations,
  box: TokenBox,
  teamId: string,
): Promise<Installation | null> {
  const record = await installations.find(teamId);
  return record ? (JSON.parse(box.open(record.sealed, teamId)) as Installation) : null;
}

/** Workspace → organisation, provisioned on first sight (one use case for Slack and Teams). */
export type WorkspaceDirectory = OrganisationDirectory;
