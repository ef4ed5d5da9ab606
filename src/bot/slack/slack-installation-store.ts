import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { SlackInstallations } from './slack-installations.js';
import type { SlackRuntime } from './slack-runtime.js';
import { openInstallation } from './slack-workspaces.js';
import type { TokenBox } from './token-crypto.js';

/**
 * Bolt's InstallationStore over our database. Installing the app maps the workspace to an
 * organisation (a new one, named after the Slack team, the first time) and makes the installer a
 * coordinator of it. Installations are sealed with ENCRYPTION_KEY before they are written.
 * Enterprise Grid org-wide installs are refused: each workspace installs on its own.
 */
export function createInstallationStore(
  runtime: SlackRuntime,
  installations: SlackInstallations,
  box: TokenBox,
): InstallationStore {
  const { deps } = runtime;
  return {
    async storeInstallation(installation) {
      if (installation.isEnterpriseInstall || !installation.team?.id)
        throw new Error('slack: org-wide (Enterprise Grid) installs are not supported; install per workspace');
      const teamId = installation.team.id;
      const organisationId = await runtime.workspaces.ensure(teamId, installation.team.name ?? '');
      const now = deps.clock.now();
      await installations.save({
        teamId,
        enterpriseId: installation.enterprise?.id ?? null,
        organisationId,
        botUserId: installation.bot?.userId ?? null,
        sealed: box.seal(JSON.stringify(installation), teamId),
        installedAt: now,
        updatedAt: now,
      });
      runtime.tokens.forget?.(teamId);
      if (installation.bot?.token && installation.user.id) {
        const client = runtime.clients.interactive(installation.bot.token);
        const installer = await runtime.people.person(client, organisationId, teamId, installation.user.id);
        const grants = await deps.store.people.roles(organisationId, installer.id);
        if (!grants.some((g) => g.role === 'coordinator' && g.scope.kind === 'organisation')) {
          await deps.store.transaction(async (tx) => {
            await tx.people.grantRole({
              organisationId,
              personId: installer.id,
              role: 'coordinator',
              scope: { kind: 'organisation' },
            });
            await tx.audit.record({
              organisationId,
              actorPersonId: null,
              action: 'role.granted',
              subject: `person:${installer.id}`,
              details: { role: 'coordinator', reason: 'slack installer' },
              at: now,
            });
          });
        }
      }
      await deps.store.audit.record({
        organisationId,
        actorPersonId: null,
        action: 'slack.installed',
        subject: `slack:${teamId}`,
        details: { scopes: installation.bot?.scopes ?? [] },
        at: now,
      });
      deps.log.info({ teamId, organisationId }, 'slack: app installed');
    },

    async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
      const installation = query.teamId ? await openInstallation(installations, box, query.teamId) : null;
      if (!installation) throw new Error(`slack: no installation for workspace ${query.teamId ?? '(none)'}`);
      return installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      if (!query.teamId) return;
      await installations.remove(query.teamId);
      runtime.tokens.forget?.(query.teamId);
      deps.log.info({ teamId: query.teamId }, 'slack: installation removed');
    },
  };
}
