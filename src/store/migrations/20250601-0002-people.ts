/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// People, their platform identities and their role grants.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('nl', 'en')`))
    .addColumn('email', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_organisation_idx').on('people').column('organisation_id').execute();

  // The platform's user id is unique per workspace: the primary key is the inbound lookup.
  await db.schema
    .createTable('identities')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('identities_pkey', ['platform', 'workspace_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('identities_person_idx')
    .on('identities')
    .columns(['organisation_id', 'person_id'])
    .execute();

  // scope_id is '' for the organisation scope: NULLs never compare equal, so a NULL would let the
  // same organisation-wide grant be stored twice.
  await db.schema
    .createTable('role_grants')
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('member', 'coordinator', 'leader')`))
    .addColumn('scope_kind', 'text', (c) => c.notNull().check(sql`scope_kind in ('organisation', 'school', 'team')`))
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_grants_pkey', ['person_id', 'role', 'scope_kind', 'scope_id'])
    .addCheckConstraint('role_grants_scope_check', sql`(scope_kind = 'organisation') = (scope_id = '')`)
    .execute();
  await db.schema.createIndex('role_grants_role_idx').on('role_grants').columns(['organisation_id', 'role']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('role_grants').execute();
  await db.schema.dropTable('identities').execute();
  await db.schema.dropTable('people').execute();
}
