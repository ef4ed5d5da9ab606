import type { ReadModels, Repositories, Store } from '../dialogues/ports.js';
import { actionRepository } from './action-repository.js';
import { historyImportRepository } from './history-import-repository.js';
import { auditRepository, inboundEventRepository } from './audit-repository.js';
import { bindingRepository } from './binding-repository.js';
import { dashboardReadRepository } from './dashboard-read-repository.js';
import { deliveryRepository } from './delivery-repository.js';
import { digestReadRepository } from './digest-read-repository.js';
import { digestRepository } from './digest-repository.js';
import { guestInvitationRepository } from './guest-invitation-repository.js';
import { metricRepository, snapshotRepository } from './outcome-repository.js';
import { organisationRepository, workspaceRepository } from './organisation-repository.js';
import { personRepository } from './person-repository.js';
import { privacyRepository } from './privacy-repository.js';
import { replyRepository } from './reply-repository.js';
import { roundRepository } from './round-repository.js';
import { scheduleRepository } from './schedule-repository.js';
import { schoolRepository, teamRepository } from './school-repository.js';
import type { Executor } from './sql-helpers.js';
import { templateRepository } from './template-repository.js';

/**
 * The domain's `Store` on a kysely database or transaction.
 *
 * `transaction(work)` runs `work` with a store bound to one transaction and commits when it
 * resolves, rolls back when it throws. Inside it, use only the store it hands you: with PGlite
 * (one connection) a query through the outer store would wait for the transaction to end, and
 * with PostgreSQL it would run outside the transaction. A `transaction` call on a store that is
 * already bound to one joins it rather than nesting.
 *
 * @example
 * const store = createSqlStore(database.db);
 * await store.transaction(async (tx) => {
 *   if (await tx.rounds.create(round)) await tx.deliveries.enqueue(prompt);
 * });
 */
export function createSqlStore(db: Executor): Store {
  return {
    ...sqlRepositories(db),
    ...sqlReadModels(db),
    transaction(work) {
      if (db.isTransaction) return work(this);
      return db.transaction().execute((trx) => work(createSqlStore(trx)));
    },
  };
}

/** The write repositories on a database or transaction. */
export function sqlRepositories(db: Executor): Repositories {
  return {
    organisations: organisationRepository(db),
    workspaces: workspaceRepository(db),
    schools: schoolRepository(db),
    teams: teamRepository(db),
    bindings: bindingRepository(db),
    people: personRepository(db),
    templates: templateRepository(db),
    schedules: scheduleRepository(db),
    rounds: roundRepository(db),
    replies: replyRepository(db),
    actions: actionRepository(db),
    metrics: metricRepository(db),
    snapshots: snapshotRepository(db),
    guests: guestInvitationRepository(db),
    digests: digestRepository(db),
    deliveries: deliveryRepository(db),
    audit: auditRepository(db),
    history: historyImportRepository(db),
    inbound: inboundEventRepository(db),
    privacy: privacyRepository(db),
  };
}

/** The read models (grouped reads for the digest, the report and the dashboard). */
export function sqlReadModels(db: Executor): ReadModels {
  return { digestReads: digestReadRepository(db), dashboardReads: dashboardReadRepository(db) };
}
