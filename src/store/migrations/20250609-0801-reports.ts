/* eslint-disable @typescript-eslint/no-explicit-any -- a migration is frozen in time: it must not depend on today's table types. */
import { sql, type Kysely } from 'kysely';

// The school-year quality report: answers coordinators mark as highlights, their conclusions per
// standard, the organisation's own framework, and published versions. A published version is
// never changed: a trigger refuses any UPDATE of its content (the publisher's id may still be
// cleared when that person is erased); a change makes a new version.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_highlights')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('reply_id', 'text', (c) => c.notNull().references('replies.id').onDelete('cascade'))
    .addColumn('marked_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_highlights_pk', ['organisation_id', 'reply_id'])
    .execute();

  // `subject` is 'board' or 'school:<id>', one non-null column for the natural key.
  await db.schema
    .createTable('report_conclusions')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('written_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_conclusions_pk', ['organisation_id', 'subject', 'period', 'code'])
    .execute();

  await db.schema
    .createTable('report_frameworks')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('framework', 'jsonb', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // The JSON is kept as text, not jsonb: it is signed byte for byte, and jsonb reorders keys.
  await db.schema
    .createTable('report_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('pdf', 'bytea', (c) => c.notNull())
    .addColumn('json_sha256', 'text', (c) => c.notNull())
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_versions_number', ['organisation_id', 'subject', 'period', 'version'])
    .execute();
  await db.schema
    .createIndex('report_versions_pdf_idx')
    .on('report_versions')
    .columns(['organisation_id', 'pdf_sha256'])
    .execute();

  await sql`create function report_versions_frozen() returns trigger language plpgsql as $$
    begin
      if (new.id, new.organisation_id, new.subject, new.period, new.version, new.locale, new.published_at, new.json, new.pdf, new.json_sha256, new.pdf_sha256, new.signature)
        is distinct from
         (old.id, old.organisation_id, old.subject, old.period, old.version, old.locale, old.published_at, old.json, old.pdf, old.json_sha256, old.pdf_sha256, old.signature)
        or new.published_by is not null and new.published_by is distinct from old.published_by then
        raise exception 'report_versions: a published report version cannot be changed; publish a new version' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger report_versions_frozen before update on report_versions for each row execute function report_versions_frozen()`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_versions').execute();
  await sql`drop function report_versions_frozen()`.execute(db);
  await db.schema.dropTable('report_frameworks').execute();
  await db.schema.dropTable('report_conclusions').execute();
  await db.schema.dropTable('report_highlights').execute();
}
