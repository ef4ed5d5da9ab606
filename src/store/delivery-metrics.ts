import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface DeliveryFigures {
  /** Deliveries per status, across every organisation. */
  byStatus: Record<string, number>;
  /** Seconds since the oldest pending delivery fell due; 0 when none is due. */
  oldestDueSeconds: number;
}

/** What /metrics shows of the delivery queue: two small aggregate reads, at scrape time. */
export async function deliveryFigures(db: Kysely<Database>): Promise<DeliveryFigures> {
  const [counts, oldest] = await Promise.all([
    db
      .selectFrom('deliveries')
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('status')
      .execute(),
    sql<{
      seconds: string | number | null;
    }>`select extract(epoch from (now() - min(next_attempt_at))) as seconds from deliveries where status = 'pending' and next_attempt_at <= now()`.execute(
      db,
    ),
  ]);
  const seconds = Number(oldest.rows[0]?.seconds ?? 0);
  return {
    byStatus: Object.fromEntries(counts.map((row) => [row.status, Number(row.count)])),
    oldestDueSeconds: Number.isFinite(seconds) ? Math.max(0, seconds) : 0,
  };
}
