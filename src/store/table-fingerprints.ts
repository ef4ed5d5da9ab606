import type { Database } from './schema.js';
import { sql, type Kysely } from 'kysely';

/** One table's row count and a hash of its content, to prove two databases hold the same data. */
export interface TableFingerprint {
  readonly table: string;
  readonly rows: number;
  readonly hash: string;
}

/** Our tables in the handle's current schema (not Kysely's migration bookkeeping), by name. */
export async function listTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely\\_%'
    order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Row count and content hash of every table. The hash is over each row's text form, sorted by
 * the rows' own hashes so that neither the physical order nor the server's collation matters; the
 * time zone is pinned so timestamps print the same on PGlite and PostgreSQL.
 *
 * @example
 * const before = await tableFingerprints(source);
 * const after = await tableFingerprints(target);
 * const same = JSON.stringify(before) === JSON.stringify(after);
 */
export async function tableFingerprints(db: Kysely<Database>): Promise<TableFingerprint[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx);
    const result: TableFingerprint[] = [];
    for (const table of await listTables(trx)) {
      const { rows } = await sql<{ rows: number; hash: string }>`
        select count(*)::int as rows, md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as hash
        from ${sql.table(table)} t`.execute(trx);
      result.push({ table, rows: rows[0]?.rows ?? 0, hash: rows[0]?.hash ?? '' });
    }
    return result;
  });
}

/** Tables whose count or hash differ between two fingerprint lists (a table missing on one side too). */
export function fingerprintDifferences(a: readonly TableFingerprint[], b: readonly TableFingerprint[]): string[] {
  const other = new Map(b.map((f) => [f.table, f]));
  const names = new Set([...a.map((f) => f.table), ...b.map((f) => f.table)]);
  return [...names]
    .filter((name) => {
      const left = a.find((f) => f.table === name);
      const right = other.get(name);
      return !left || !right || left.rows !== right.rows || left.hash !== right.hash;
    })
    .sort();
}
