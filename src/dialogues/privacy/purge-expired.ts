import type { DialogueDeps } from '../deps.js';
import type { PurgeCounts } from '../ports.js';
import { scrubDeliveries } from './erase-person.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Inbound event ids exist only to recognise a platform's redelivery, which Slack and Teams give
 * up on within hours; a month is ample and keeps the table small for every tenant.
 */
export const INBOUND_EVENT_RETENTION_DAYS = 30;

export interface OrganisationPurge extends PurgeCounts {
  organisationId: string;
  retentionDays: number;
  cutoff: Date;
}

export interface PurgeReport {
  organisations: OrganisationPurge[];
  inboundEvents: number;
}

/**
 * The daily retention sweep: in every organisation that set a retention period, replies, audit
 * rows and finished deliveries older than it are deleted. Organisations without one keep all.
 * Stored messages that quote an expired reply (round summaries do) lose those words first, so
 * the text does not outlive its retention inside a message that is kept longer.
 * A sweep that removed something is itself recorded in the audit log, after the purge, so the
 * record of it is not swept away with the rows it counts.
 *
 * @example
 * const report = await purgeExpired(deps);
 * report.organisations.map((o) => `${o.organisationId}: ${o.replies} replies`);
 */
export async function purgeExpired(deps: DialogueDeps): Promise<PurgeReport> {
  const { store, clock, log } = deps;
  const now = clock.now();
  const organisations: OrganisationPurge[] = [];
  for (const organisation of await store.organisations.list()) {
    const days = organisation.retentionDays;
    if (days === null) continue;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const counts = await store.transaction(async (tx) => {
      const expired = await tx.privacy.findRepliesBefore(organisation.id, cutoff);
      if (expired.length > 0)
        await scrubDeliveries(tx, organisation.id, { identifiers: [], texts: expired.map((r) => r.text) });
      const purged = await tx.privacy.purge(organisation.id, cutoff);
      if (purged.replies + purged.auditEntries + purged.deliveries > 0) {
        await tx.audit.record({
          organisationId: organisation.id,
          actorPersonId: null,
          action: 'retention.purged',
          subject: `organisation:${organisation.id}`,
          details: { retentionDays: days, cutoff: cutoff.toISOString(), ...purged },
          at: now,
        });
      }
      return purged;
    });
    organisations.push({ organisationId: organisation.id, retentionDays: days, cutoff, ...counts });
    log.info(
      { organisationId: organisation.id, retentionDays: days, ...counts },
      'retention: expired personal data purged',
    );
  }
  const inboundEvents = await store.privacy.purgeInboundEvents(
    new Date(now.getTime() - INBOUND_EVENT_RETENTION_DAYS * DAY_MS),
  );
  if (inboundEvents > 0) log.info({ inboundEvents }, 'retention: old inbound event ids purged');
  return { organisations, inboundEvents };
}
