import type { DialogueDeps } from './deps.js';
import type { Delivery } from './delivery-ports.js';
import type { DigestSubscription } from './digest/subscription.js';
import type { GuestInvitation } from './guests/model.js';
import type {
  Action,
  ChannelBinding,
  Organisation,
  Person,
  Reply,
  RoleGrant,
  Round,
  Schedule,
  School,
} from './model.js';
import type { Metric, Snapshot } from './outcomes/model.js';
import { subjectKey } from './outcomes/model.js';

/**
 * What the operator (the `vijfvragen` CLI, acting for no person) reads: plain lists of one
 * organisation, joined where a listing names things. No permission check applies: whoever runs
 * the CLI has the database. Chat and web users read through the use cases, which check roles.
 */
export type OperatorReadDeps = Pick<DialogueDeps, 'store'>;

export function listOrganisations(deps: OperatorReadDeps): Promise<Organisation[]> {
  return deps.store.organisations.list();
}

export function getOrganisation(deps: OperatorReadDeps, organisationId: string): Promise<Organisation | null> {
  return deps.store.organisations.get(organisationId);
}

export function listPeople(deps: OperatorReadDeps, organisationId: string): Promise<Person[]> {
  return deps.store.people.list(organisationId);
}

/** Everyone with the roles they hold. */
export async function listPeopleWithRoles(
  deps: OperatorReadDeps,
  organisationId: string,
): Promise<(Person & { roles: RoleGrant[] })[]> {
  const people = await deps.store.people.list(organisationId);
  return Promise.all(people.map(async (p) => ({ ...p, roles: await deps.store.people.roles(organisationId, p.id) })));
}

export function listSchools(deps: OperatorReadDeps, organisationId: string): Promise<School[]> {
  return deps.store.schools.list(organisationId);
}

export function listBindings(deps: OperatorReadDeps, organisationId: string): Promise<ChannelBinding[]> {
  return deps.store.bindings.list(organisationId);
}

export function listDigestSubscriptions(
  deps: OperatorReadDeps,
  organisationId: string,
): Promise<readonly DigestSubscription[]> {
  return deps.store.digests.listSubscriptions(organisationId);
}

export type RoundListing = Round & { teamName: string | null; replies: number; participants: number };

/** Rounds, newest first, with their team's name and how many answered. */
export async function listRounds(
  deps: OperatorReadDeps,
  organisationId: string,
  filter: { teamId?: string; status?: 'open' | 'closed'; limit: number },
): Promise<RoundListing[]> {
  const rounds = await deps.store.rounds.list(organisationId, filter);
  const teams = new Map((await deps.store.teams.list(organisationId)).map((tm) => [tm.id, tm.name]));
  return Promise.all(
    rounds.map(async (r) => {
      const replies = await deps.store.replies.listByRound(organisationId, r.id);
      return {
        ...r,
        teamName: teams.get(r.teamId) ?? null,
        replies: replies.length,
        participants: new Set(replies.map((x) => x.authorToken)).size,
      };
    }),
  );
}

/** The answers of one round; null when there is no such round. */
export async function listRoundReplies(
  deps: OperatorReadDeps,
  organisationId: string,
  roundId: string,
): Promise<Reply[] | null> {
  const round = await deps.store.rounds.get(organisationId, roundId);
  if (!round) return null;
  return deps.store.replies.listByRound(organisationId, round.id);
}

export function listDeliveries(
  deps: OperatorReadDeps,
  organisationId: string,
  statuses: Delivery['status'][],
): Promise<Delivery[]> {
  return deps.store.deliveries.list(organisationId, { statuses });
}

/** The schedules with the names of their template and teams, and the organisation's language. */
export async function listSchedules(
  deps: OperatorReadDeps,
  organisationId: string,
): Promise<{
  organisation: Organisation | null;
  schedules: Schedule[];
  templateNames: ReadonlyMap<string, string>;
  teamNames: ReadonlyMap<string, string>;
}> {
  const organisation = await deps.store.organisations.get(organisationId);
  const templateNames = new Map((await deps.store.templates.list(organisationId)).map((tpl) => [tpl.id, tpl.name]));
  const teamNames = new Map((await deps.store.teams.list(organisationId)).map((team) => [team.id, team.name]));
  const schedules = await deps.store.schedules.list(organisationId);
  return { organisation, schedules, templateNames, teamNames };
}

export function listActions(deps: OperatorReadDeps, organisationId: string): Promise<Action[]> {
  return deps.store.actions.list(organisationId);
}

export function listGuestInvitations(
  deps: OperatorReadDeps,
  organisationId: string,
  roundId: string,
): Promise<GuestInvitation[]> {
  return deps.store.guests.listByRound(organisationId, roundId);
}

/** Metrics and their figures, with the name of each school and team a figure is about (by `subjectKey`). */
export async function listOutcomes(
  deps: OperatorReadDeps,
  organisationId: string,
): Promise<{ metrics: Metric[]; snapshots: Snapshot[]; subjectNames: ReadonlyMap<string, string> }> {
  const metrics = await deps.store.metrics.list(organisationId);
  const snapshots = await deps.store.snapshots.list(organisationId);
  const subjectNames = new Map<string, string>([
    ...(await deps.store.schools.list(organisationId)).map((s): [string, string] => [
      subjectKey({ kind: 'school', schoolId: s.id }),
      s.name,
    ]),
    ...(await deps.store.teams.list(organisationId)).map((tm): [string, string] => [
      subjectKey({ kind: 'team', teamId: tm.id }),
      tm.name,
    ]),
  ]);
  return { metrics, snapshots, subjectNames };
}
