import type { DialogueDeps } from './deps.js';
import type { Locale, Platform } from './model.js';

export interface OrganisationDefaults {
  locale: Locale;
  timeZone: string;
}

/**
 * The organisation a Slack workspace or a Teams tenant belongs to, created on first sight: a new
 * workspace is a new school board named after the team (`name`), with one school of the same
 * name so `koppel <team>` can create teams at once. Coordinators add schools and move teams
 * later. Concurrent first events settle on one winner: the link is unique in the database, and
 * within one process one provisioning per workspace runs at a time.
 *
 * @example
 * const workspaces = createOrganisationDirectory(deps, 'slack', { locale: 'nl', timeZone: 'Europe/Amsterdam' });
 * const organisationId = await workspaces.ensure('T0123', 'Stichting De Linde');
 */
export function createOrganisationDirectory(
  deps: DialogueDeps,
  platform: Exclude<Platform, 'web'>,
  defaults: OrganisationDefaults,
) {
  const inFlight = new Map<string, Promise<string>>();
  const fallbackName = (workspaceId: string) =>
    platform === 'slack' ? `Slack ${workspaceId}` : `Teams ${workspaceId.slice(0, 8)}`;

  async function provision(workspaceId: string, teamName: string): Promise<string> {
    const known = await deps.store.workspaces.findOrganisation(platform, workspaceId);
    if (known) return known;
    const name = teamName.trim() || fallbackName(workspaceId);
    const now = deps.clock.now();
    const organisationId = deps.newId();
    try {
      await deps.store.transaction(async (tx) => {
        await tx.organisations.create({
          id: organisationId,
          name,
          locale: defaults.locale,
          timeZone: defaults.timeZone,
          retentionDays: null,
          createdAt: now,
        });
        await tx.schools.create({ id: deps.newId(), organisationId, name });
        await tx.workspaces.link(platform, workspaceId, organisationId);
        await tx.audit.record({
          organisationId,
          actorPersonId: null,
          action: 'workspace.linked',
          subject: `${platform}:${workspaceId}`,
          details: { name },
          at: now,
        });
      });
      deps.log.info({ platform, workspaceId, organisationId }, `${platform} workspace mapped to a new organisation`);
      return organisationId;
    } catch (error) {
      // Another process linked the workspace first: its organisation wins, ours was rolled back.
      const winner = await deps.store.workspaces.findOrganisation(platform, workspaceId);
      if (winner) return winner;
      throw error;
    }
  }

  // Workspaces whose organisation is known to carry a real name: no further look in this process.
  const named = new Set<string>();

  /**
   * An organisation first met without a name (a Teams personal chat: "Teams 72f988bf") takes the
   * team's name once an activity carries one, with its first school; a name a coordinator gave is kept.
   */
  async function nameWhenKnown(workspaceId: string, organisationId: string, teamName: string): Promise<void> {
    const name = teamName.trim();
    if (name === '' || named.has(workspaceId)) return;
    const organisation = await deps.store.organisations.get(organisationId);
    const placeholder = fallbackName(workspaceId);
    if (organisation && organisation.name === placeholder) {
      await deps.store.transaction(async (tx) => {
        await tx.organisations.update(organisationId, { name });
        for (const school of await tx.schools.list(organisationId))
          if (school.name === placeholder) await tx.schools.rename(organisationId, school.id, name);
        await tx.audit.record({
          organisationId,
          actorPersonId: null,
          action: 'organisation.renamed',
          subject: `organisation:${organisationId}`,
          details: { from: placeholder, to: name },
          at: deps.clock.now(),
        });
      });
      deps.log.info({ platform, workspaceId, organisationId }, `${platform} organisation named after its team`);
    }
    named.add(workspaceId);
  }

  return {
    /** The organisation of a workspace, or null when it was never seen. */
    find: (workspaceId: string) => deps.store.workspaces.findOrganisation(platform, workspaceId),
    /** The organisation of a workspace, created when needed (one at a time per workspace in this process). */
    ensure(workspaceId: string, teamName: string): Promise<string> {
      const pending = inFlight.get(workspaceId);
      if (pending) return pending;
      const work = provision(workspaceId, teamName)
        .then(async (organisationId) => {
          await nameWhenKnown(workspaceId, organisationId, teamName);
          return organisationId;
        })
        .finally(() => inFlight.delete(workspaceId));
      inFlight.set(workspaceId, work);
      return work;
    },
  };
}

export type OrganisationDirectory = ReturnType<typeof createOrganisationDirectory>;
