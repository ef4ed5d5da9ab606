import type { DialogueDeps } from '../deps.js';
import type { Action, AuditEntry, Identity, Person, Reply, RoleGrant, Round } from '../model.js';
import type { Delivery } from '../ports.js';
import { fail, ok, type Result } from '../result.js';
import { authorshipOf, mayManagePersonalData } from './privacy-access.js';

/** A value as it reads after `JSON.stringify`: instants become ISO strings. */
export type Plain<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;

const plain = <T>(value: T): Plain<T> => JSON.parse(JSON.stringify(value)) as Plain<T>;

/**
 * One reply as exported. `authorToken` is left out: it is a key, not information about the
 * person, and whoever holds the export could use it to pick their rows out of a database dump.
 */
export type ExportedReply = Plain<Omit<Reply, 'authorToken'>> & {
  /** Written in an anonymous round: found through the person's token, stored without their id. */
  anonymous: boolean;
  round: { id: string; teamId: string; theme: string; openedAt: string } | null;
};

export interface PersonExport {
  format: 'vijfvragen.person-export/1';
  exportedAt: string;
  organisation: { id: string; name: string };
  person: Plain<Person>;
  identities: Identity[];
  roles: RoleGrant[];
  replies: ExportedReply[];
  actionsOwned: Plain<Action>[];
  roundsTriggered: { id: string; teamId: string; theme: string; openedAt: string }[];
  /** What was sent to them (digests, notices); the bodies are about their teams, not them. */
  deliveriesReceived: {
    id: string;
    purpose: Delivery['purpose'];
    status: Delivery['status'];
    createdAt: string;
    sentAt: string | null;
  }[];
  /** What they did, and what was done about them (roles granted, earlier exports). */
  auditEntries: Plain<AuditEntry>[];
}

export interface ExportOptions {
  /** Who asks: null for the operator's CLI; otherwise an organisation coordinator or the person. */
  actorPersonId?: string | null;
}

const roundRef = (round: Round) => ({
  id: round.id,
  teamId: round.teamId,
  theme: round.theme,
  openedAt: round.openedAt.toISOString(),
});

/**
 * Everything stored about one person, as one JSON-able object (the right of access). It holds
 * their anonymous answers too, marked as such, which is why every export is audited.
 *
 * @example
 * const result = await exportPerson(deps, organisationId, personId);
 * if (result.ok) process.stdout.write(JSON.stringify(result.value, null, 2));
 */
export async function exportPerson(
  deps: DialogueDeps,
  organisationId: string,
  personId: string,
  options: ExportOptions = {},
): Promise<Result<PersonExport>> {
  const { store, clock, log } = deps;
  const actorPersonId = options.actorPersonId ?? null;
  const organisation = await store.organisations.get(organisationId);
  const person = organisation ? await store.people.get(organisationId, personId) : null;
  if (!organisation || !person) return fail('person.not_found');
  if (actorPersonId !== personId) {
    const allowed = await mayManagePersonalData(store, organisationId, actorPersonId);
    if (!allowed.ok) return allowed;
  }

  const { authorship, rounds } = await authorshipOf(deps, store, organisationId, personId);
  const roundsById = new Map(rounds.map((round) => [round.id, round]));
  const replies = await store.privacy.findReplies(organisationId, authorship);
  const actions = await store.actions.list(organisationId);
  const exportedAt = clock.now();
  const result: PersonExport = {
    format: 'vijfvragen.person-export/1',
    exportedAt: exportedAt.toISOString(),
    organisation: { id: organisation.id, name: organisation.name },
    person: plain(person),
    identities: await store.people.identities(organisationId, personId),
    roles: await store.people.roles(organisationId, personId),
    replies: replies.map(({ authorToken: _token, ...reply }) => {
      const round = roundsById.get(reply.roundId);
      return { ...plain(reply), anonymous: reply.authorPersonId === null, round: round ? roundRef(round) : null };
    }),
    actionsOwned: plain(actions.filter((action) => action.ownerPersonId === personId)),
    roundsTriggered: rounds.filter((round) => round.triggeredBy === personId).map(roundRef),
    deliveriesReceived: (await store.privacy.findDeliveriesTo(organisationId, personId)).map((d) => ({
      id: d.id,
      purpose: d.purpose,
      status: d.status,
      createdAt: d.createdAt.toISOString(),
      sentAt: d.sentAt?.toISOString() ?? null,
    })),
    auditEntries: plain(await store.privacy.findAuditEntries(organisationId, personId)),
  };

  // Recorded after the export is taken, so an export never lists itself; counts only.
  await store.audit.record({
    organisationId,
    actorPersonId,
    action: 'person.exported',
    subject: `person:${personId}`,
    details: { replies: result.replies.length, anonymousReplies: result.replies.filter((r) => r.anonymous).length },
    at: exportedAt,
  });
  log.info({ organisationId, personId, actorPersonId }, 'privacy: person exported');
  return ok(result);
}
