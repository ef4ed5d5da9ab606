import type { Database } from './schema.js';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from './migrate.js';
import { fingerprintDifferences, listTables, tableFingerprints, type TableFingerprint } from './table-fingerprints.js';

export type CopyOutcome =
  | { ok: true; tables: readonly TableFingerprint[] }
  | { ok: false; code: 'copy.target_not_empty'; tables: readonly string[] }
  | { ok: false; code: 'copy.mismatch'; tables: readonly string[] };

const CHUNK = 500;

/**
 * Copies every row of one Vijf Vragen database into another that is EMPTY (no tables at all in
 * its schema): the way up from the embedded database to PostgreSQL. Both are first brought to the
 * latest migration, the rows go over in one transaction (all or nothing), parents before children,
 * and the copy is checked afterwards: row counts and content hashes per table must be equal.
 *
 * Rows travel as JSON (`to_jsonb` out, `jsonb_populate_recordset` in), so every column type
 * round-trips exactly without this code knowing the tables.
 *
 * @example
 * const outcome = await copyDatabase(embedded.db, postgres.db);
 * if (!outcome.ok) console.error(outcome.code, outcome.tables);
 */
export async function copyDatabase(source: Kysely<Database>, target: Kysely<Database>): Promise<CopyOutcome> {
  const existing = (
    await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = current_schema() order by 1`.execute(
      target,
    )
  ).rows.map((r) => r.name);
  if (existing.length > 0) return { ok: false, code: 'copy.target_not_empty', tables: existing };
  await migrateToLatest(source);
  await migrateToLatest(target);
  const order = await parentsFirst(target, await listTables(source));
  await target.transaction().execute(async (trx) => {
    for (const table of order) {
      for (let offset = 0; ; offset += CHUNK) {
        const { rows } = await sql<{
          row: unknown;
        }>`select to_jsonb(t) as row from ${sql.table(table)} t order by md5(t::text) limit ${CHUNK} offset ${offset}`.execute(
          source,
        );
        if (rows.length === 0) break;
        await sql`insert into ${sql.table(table)} overriding system value
          select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows.map((r) => r.row))}::jsonb)`.execute(
          trx,
        );
        if (rows.length < CHUNK) break;
      }
    }
    // Identity columns (audit_log.id) continue after the highest copied value.
    const identities = await sql<{ table: string; column: string }>`
      select table_name as table, column_name as column from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
    for (const { table, column } of identities.rows) {
      await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
        trx,
      );
    }
  });
  const [before, after] = [await tableFingerprints(source), await tableFingerprints(target)];
  const differing = fingerprintDifferences(before, after);
  return differing.length > 0 ? { ok: false, code: 'copy.mismatch', tables: differing } : { ok: true, tables: after };
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
async function parentsFirst(db: Kysely<Database>, tables: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
  const strip = (name: string) => name.replace(/^.*\./, '').replace(/"/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of rows)
    if (strip(child) !== strip(parent)) parents.get(strip(child))?.add(strip(parent));
  const ordered: string[] = [];
  const visit = (table: string, path: readonly string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table))
      throw new Error(`copy: foreign keys form a cycle through ${[...path, table].join(' → ')}`);
    for (const parent of parents.get(table) ?? []) if (parents.has(parent)) visit(parent, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}
