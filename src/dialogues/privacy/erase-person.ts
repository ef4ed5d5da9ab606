import type { DialogueDeps } from '../deps.js';
import type { ErasureCounts, Store } from '../ports.js';
import { fail, ok, type Result } from '../result.js';
import { authorshipOf, mayManagePersonalData } from './privacy-access.js';
import { scrubMessage, searchNeedles, type PersonTraces } from './scrub-message.js';

export interface ErasePersonInput {
  organisationId: string;
  personId: string;
  /** null when erased from the command line by the operator; otherwise an organisation coordinator. */
  actorPersonId: string | null;
}

export interface ErasureReport extends ErasureCounts {
  /** Stored messages to others (prompts naming them as an action's owner) with their traces removed. */
  deliveriesScrubbed: number;
}

/**
 * Erases one person (the right to erasure): their replies, named and anonymous, their identities
 * and roles, digest subscriptions, the bot's personal Teams chats with them, deliveries addressed
 * to them and audit rows by or about them; actions they owned lose their owner, ad-hoc rounds they
 * triggered and guest invitations they sent forget who did. Closed rounds keep their
 * summaries, but round summaries quote the team's answers: every stored message, summaries
 * included, is scrubbed of their name and words, so they survive there as counts only.
 *
 * All of it is one transaction, and the `person.erased` audit row is written in it after the
 * erasure, so the log keeps who erased whom (a random id, no longer linked to anything) and
 * never a half-erased person.
 *
 * @example
 * const erased = await erasePerson(deps, { organisationId, personId, actorPersonId: null });
 * if (!erased.ok) fail(erased.code);
 */
export async function erasePerson(deps: DialogueDeps, input: ErasePersonInput): Promise<Result<ErasureReport>> {
  const { store, clock, log } = deps;
  const { organisationId, personId, actorPersonId } = input;
  const allowed = await mayManagePersonalData(store, organisationId, actorPersonId);
  if (!allowed.ok) return allowed;

  const report = await store.transaction(
    async (tx): Promise<ErasureReport | 'not_found' | { lastCoordinator: string }> => {
      const person = await tx.people.get(organisationId, personId);
      if (!person) return 'not_found';
      // As with revoking that role: without an organisation coordinator nobody can grant roles,
      // manage personal data or configure the board from chat or the dashboard any more.
      const coordinators = (await tx.people.listByRole(organisationId, 'coordinator')).filter(
        (g) => g.scope.kind === 'organisation',
      );
      if (coordinators.some((g) => g.personId === personId) && coordinators.every((g) => g.personId === personId))
        return { lastCoordinator: person.displayName };
      const { authorship } = await authorshipOf(deps, tx, organisationId, personId);
      // Read before the erasure: afterwards nothing says which texts were theirs.
      const replies = await tx.privacy.findReplies(organisationId, authorship);
      const at = clock.now();
      const counts = await tx.privacy.erasePerson(organisationId, authorship, at);
      const traces: PersonTraces = {
        identifiers: [person.displayName, person.email ?? ''],
        texts: replies.map((r) => r.text),
      };
      const deliveriesScrubbed = await scrubDeliveries(tx, organisationId, traces);
      const erased: ErasureReport = { ...counts, deliveriesScrubbed };
      await tx.audit.record({
        organisationId,
        actorPersonId,
        action: 'person.erased',
        subject: `person:${personId}`,
        details: { ...erased },
        at,
      });
      return erased;
    },
  );
  if (report === 'not_found') return fail('person.not_found');
  if ('lastCoordinator' in report) return fail('person.last_coordinator', { person: report.lastCoordinator });
  log.info({ organisationId, personId, actorPersonId, ...report }, 'privacy: person erased');
  return ok(report);
}

/** Removes the traces from every stored message that holds them; how many messages changed. */
export async function scrubDeliveries(tx: Store, organisationId: string, traces: PersonTraces): Promise<number> {
  const candidates = await tx.privacy.findDeliveriesMentioning(organisationId, searchNeedles(traces));
  let scrubbed = 0;
  for (const delivery of candidates) {
    const clean = scrubMessage(delivery.message, traces);
    if (clean === null) continue;
    await tx.privacy.replaceDeliveryMessage(organisationId, delivery.id, clean);
    scrubbed += 1;
  }
  return scrubbed;
}
