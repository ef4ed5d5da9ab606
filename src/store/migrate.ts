import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as tenancy from './migrations/20250601-0001-tenancy.js';
import * as people from './migrations/20250601-0002-people.js';
import * as templatesSchedules from './migrations/20250601-0003-templates-schedules.js';
import * as roundsRepliesActions from './migrations/20250601-0004-rounds-replies-actions.js';
import * as deliveriesAuditInbound from './migrations/20250601-0005-deliveries-audit-inbound.js';
import * as slackInstallations from './migrations/20250602-0101-slack-installations.js';
import * as teamsConversations from './migrations/20250603-0201-teams-conversations.js';
import * as outcomesGuests from './migrations/20250604-0301-outcomes-guests.js';
import * as digestSubscriptions from './migrations/20250605-0401-digest-subscriptions.js';
import * as formAnswerKey from './migrations/20250606-0501-form-answer-key.js';
import * as digestSubscriptionSchool from './migrations/20250607-0601-digest-subscription-school.js';
import * as answerVisibility from './migrations/20250608-0701-answer-visibility.js';
import * as reports from './migrations/20250609-0801-reports.js';
import * as guestViewCount from './migrations/20250610-0901-guest-view-count.js';
import * as secretFingerprints from './migrations/20250611-1001-secret-fingerprints.js';
import * as schedulePlan from './migrations/20250612-1101-schedule-plan.js';
import * as oneOpenRound from './migrations/20250612-1102-one-open-round.js';
import * as actionHistory from './migrations/20250613-1201-action-history.js';
import * as actionNumbers from './migrations/20250614-1301-action-numbers.js';
import type { Database } from './schema.js';

/**
 * Every migration, listed by hand. Kysely's FileMigrationProvider globs a folder at run time,
 * which breaks under tsx and bundlers; a static list is typechecked and always complete.
 * Add new migrations at the end; names sort in the order they must run.
 */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '20250601-0001-tenancy': tenancy,
  '20250601-0002-people': people,
  '20250601-0003-templates-schedules': templatesSchedules,
  '20250601-0004-rounds-replies-actions': roundsRepliesActions,
  '20250601-0005-deliveries-audit-inbound': deliveriesAuditInbound,
  '20250602-0101-slack-installations': slackInstallations,
  '20250603-0201-teams-conversations': teamsConversations,
  '20250604-0301-outcomes-guests': outcomesGuests,
  '20250605-0401-digest-subscriptions': digestSubscriptions,
  '20250606-0501-form-answer-key': formAnswerKey,
  '20250607-0601-digest-subscription-school': digestSubscriptionSchool,
  '20250608-0701-answer-visibility': answerVisibility,
  '20250609-0801-reports': reports,
  '20250610-0901-guest-view-count': guestViewCount,
  '20250611-1001-secret-fingerprints': secretFingerprints,
  '20250612-1101-schedule-plan': schedulePlan,
  '20250612-1102-one-open-round': oneOpenRound,
  '20250613-1201-action-history': actionHistory,
  '20250614-1301-action-numbers': actionNumbers,
});

const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };

export interface MigrateOptions {
  /**
   * The schema the database handle works in (`openDatabase({ schema })`). Kysely looks for its
   * bookkeeping table across all schemas unless told which one, so a second schema on the same
   * server would otherwise find the first one's table and skip its own migrations.
   */
  schema?: string | undefined;
}

/**
 * Brings the database to the latest migration, all of it in one transaction, and returns the
 * names that ran. Throws on failure, keeping the failing migration's error as `cause`.
 *
 * @example
 * const { db, schema } = await openDatabase({ dataDir: './data' });
 * await migrateToLatest(db, { schema });
 */
export async function migrateToLatest(db: Kysely<Database>, options: MigrateOptions = {}): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  return reportOutcome('migrate to latest', error, results);
}

/** Names of the migrations this code has that the database has not run yet (empty: current). */
export async function pendingMigrations(db: Kysely<Database>, options: MigrateOptions = {}): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Undoes the newest migration; for development and for testing `down`. */
export async function migrateDown(db: Kysely<Database>, options: MigrateOptions = {}): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const { error, results } = await migrator.migrateDown();
  return reportOutcome('migrate down', error, results);
}

function reportOutcome(what: string, error: unknown, results: MigrationResultSet['results']): string[] {
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const where = failed === undefined ? '' : ` in migration ${failed}`;
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`store: ${what} failed${where}: ${why}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
