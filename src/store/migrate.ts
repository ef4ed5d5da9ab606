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
  const migrator = new Migrator({ db, provider, ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }) });
  const { error, results } = await migrator.migrateToLatest();
  return reportOutcome('migrate to latest', error, results);
}

/** Undoes the newest migration; for development and for testing `down`. */
export async function migrateDown(db: Kysely<Database>, options: MigrateOptions = {}): Promise<string[]> {
  const migrator = new Migrator({ db, provider, ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }) });
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
