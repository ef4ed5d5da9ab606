import { holds, permits, teamContext } from '../../dialogues/access.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { ChannelBinding } from '../../dialogues/model.js';
import { teamReadable } from '../../dialogues/digest/reader-scope.js';
import { myAnswers } from '../../dialogues/record-reply.js';
import type { ChannelView, Draft } from './web-channel-page.js';
import type { Signed } from './web-signin.js';

/**
 * What the web channel pages read: the channels a person may see (cut to their role scope when
 * `scoped`), a channel with its recent rounds, and the channel a round was posted in.
 */
export function webChannelReads(deps: DialogueDeps, options: { scoped: boolean; publicUrl: string }) {
  const { store } = deps;

  /** The web channels the person may read, in the order they were made. */
  async function readableBindings(signed: Signed): Promise<ChannelBinding[]> {
    const { session, person } = signed;
    const web = (await store.bindings.list(session.organisationId)).filter((b) => b.platform === 'web');
    if (!options.scoped) return web;
    const teams = new Map((await store.teams.list(session.organisationId)).map((team) => [team.id, team]));
    const readable: ChannelBinding[] = [];
    for (const binding of web) {
      const team = teams.get(binding.teamId);
      if (team && (await teamReadable(store, session.organisationId, person.id, team))) readable.push(binding);
    }
    return readable;
  }

  async function roundBindingId(organisationId: string, roundId: string): Promise<string | null> {
    const round = await store.rounds.get(organisationId, roundId);
    const binding = round
      ? (await store.bindings.listByTeam(organisationId, round.teamId)).find((b) => b.platform === 'web')
      : undefined;
    return binding?.id ?? null;
  }

  async function roundChannel(organisationId: string, roundId: string): Promise<string> {
    const bindingId = await roundBindingId(organisationId, roundId);
    return bindingId ? `/web/channels/${bindingId}` : '/web';
  }

  async function loadChannel(signed: Signed, bindingId: string, draft: Draft | null): Promise<ChannelView | null> {
    const { session, person } = signed;
    const binding = await store.bindings.get(session.organisationId, bindingId);
    if (!binding || binding.platform !== 'web') return null;
    const team = await store.teams.get(session.organisationId, binding.teamId);
    const organisation = await store.organisations.get(session.organisationId);
    if (!team || !organisation) return null;
    if (options.scoped && !(await teamReadable(store, session.organisationId, person.id, team))) return null;
    const grants = await store.people.roles(session.organisationId, person.id);
    const rounds = await store.rounds.list(session.organisationId, { teamId: team.id, limit: 10 });
    const people = new Map((await store.people.list(session.organisationId)).map((p) => [p.id, p]));
    return {
      locale: person.locale,
      timeZone: organisation.timeZone,
      dashboardUrl: `${options.publicUrl.replace(/\/$/, '')}/dashboard`,
      binding,
      team,
      isCoordinator: holds(grants, 'coordinator', teamContext(team)),
      canAnswer: permits(grants, 'answer', teamContext(team)).ok,
      draft,
      newMessageId: () => crypto.randomUUID(),
      rounds: await Promise.all(
        rounds.map(async (round) => ({
          round,
          posts: (await store.deliveries.list(session.organisationId, { roundId: round.id, statuses: ['sent'] }))
            .filter((d) => d.target.kind === 'channel' && d.target.bindingId === binding.id)
            .sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0)),
          replies: await store.replies.listByRound(session.organisationId, round.id),
          mine: await myAnswers(deps, session.organisationId, round.id, person.id),
          authors: people,
        })),
      ),
    };
  }

  return { readableBindings, roundBindingId, roundChannel, loadChannel };
}

/** The stamp the page polls: changes whenever a post, an answer or a round's state changes. */
export function versionOf(view: ChannelView): string {
  return (
    view.rounds
      .map(
        (r) =>
          `${r.round.id}:${r.round.status}:${r.posts.length}:${r.replies.length}:${r.replies.map((x) => x.editedAt?.getTime() ?? 0).join('.')}`,
      )
      .join('|') || 'empty'
  );
}
