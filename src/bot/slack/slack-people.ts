import { z } from 'zod';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Person } from '../../dialogues/model.js';
import { grantRole, resolvePerson } from '../../dialogues/people.js';
import type { WebClient } from './slack-client.js';

/** What the bot reads from users.info, parsed at the edge. */
export interface SlackUser {
  id: string;
  displayName: string;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
  deleted: boolean;
  locale: Locale | null;
}

const userInfo = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    deleted: z.boolean().optional(),
    is_admin: z.boolean().optional(),
    is_owner: z.boolean().optional(),
    is_primary_owner: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    locale: z.string().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).partial().optional(),
  }),
});

const TTL_MS = 10 * 60_000;
const MAX_CACHED = 5_000;

/**
 * People as Slack knows them, cached for ten minutes so a busy thread does not spend the
 * users.info rate limit. Workspace admins and owners become coordinators of their organisation
 * the first time they are seen (the "admins are coordinators by default").
 */
export function createPeopleDirectory(deps: DialogueDeps) {
  const users = new Map<string, { user: SlackUser | null; until: number }>();
  const promoted = new Set<string>();

  async function user(client: WebClient, teamId: string, userId: string): Promise<SlackUser | null> {
    const key = `${teamId}:${userId}`;
    const cached = users.get(key);
    if (cached && cached.until > Date.now()) return cached.user;
    let found: SlackUser | null = null;
    try {
      const parsed = userInfo.safeParse(await client.users.info({ user: userId, include_locale: true }));
      if (parsed.success) found = toSlackUser(parsed.data.user);
    } catch (error) {
      // Not knowing someone's name is no reason to lose their answer: fall back to the user id.
      deps.log.warn({ teamId, userId, err: (error as Error).message }, 'slack: users.info failed');
      return null;
    }
    if (users.size >= MAX_CACHED) users.delete(users.keys().next().value ?? '');
    users.set(key, { user: found, until: Date.now() + TTL_MS });
    return found;
  }

  async function person(client: WebClient, organisationId: string, teamId: string, userId: string): Promise<Person> {
    const known = await user(client, teamId, userId);
    const resolved = await resolvePerson(deps, {
      organisationId,
      platform: 'slack',
      workspaceId: teamId,
      userId,
      displayName: known?.displayName ?? userId,
      ...(known?.locale ? { locale: known.locale } : {}),
    });
    if (known && (known.isAdmin || known.isOwner) && !promoted.has(resolved.id)) {
      const grants = await deps.store.people.roles(organisationId, resolved.id);
      if (!grants.some((g) => g.role === 'coordinator' && g.scope.kind === 'organisation')) {
        await grantRole(deps, {
          organisationId,
          actorPersonId: null,
          personId: resolved.id,
          role: 'coordinator',
          scope: { kind: 'organisation' },
        });
        deps.log.info({ organisationId, personId: resolved.id }, 'slack: workspace admin became coordinator');
      }
      promoted.add(resolved.id);
    }
    return resolved;
  }

  return { user, person };
}

export type PeopleDirectory = ReturnType<typeof createPeopleDirectory>;

function toSlackUser(raw: z.infer<typeof userInfo>['user']): SlackUser {
  const displayName = raw.profile?.display_name || raw.profile?.real_name || raw.real_name || raw.name || raw.id;
  const locale = raw.locale?.toLowerCase().startsWith('nl')
    ? 'nl'
    : raw.locale?.toLowerCase().startsWith('en')
      ? 'en'
      : null;
  return {
    id: raw.id,
    displayName,
    isAdmin: raw.is_admin === true,
    isOwner: raw.is_owner === true || raw.is_primary_owner === true,
    isBot: raw.is_bot === true || raw.id === 'USLACKBOT',
    deleted: raw.deleted === true,
    locale,
  };
}
