import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namePreparedStatements } from '../../src/store/prepared-statements.js';
import { STORES, TEST_DATABASE_URL } from '../support/db.js';

const postgres = STORES.find((kind) => kind.name === 'postgres');
const skip = postgres?.unavailable !== undefined && process.env.CI !== 'true';

(skip ? describe.skip : describe)('marked statements are prepared once per connection [postgres]', () => {
  // One connection, so the session that prepared a statement is the one asked about it.
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  beforeAll(() => {
    pool.on('connect', (client) => namePreparedStatements(client));
  });
  afterAll(() => pool.end());

  const prepared = async (on: Pick<pg.Pool, 'query'> = pool) =>
    (await on.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map(
      (row) => row.name,
    );

  it('prepares a statement that starts with its marker, under that name, and reuses it', async () => {
    const client = await pool.connect();
    try {
      const marked = '/* prepared: vv_probe_sum */ select $1::int + $2::int as sum';
      expect((await client.query(marked, [2, 3])).rows).toEqual([{ sum: 5 }]);
      expect((await client.query(marked, [40, 2])).rows).toEqual([{ sum: 42 }]);
      expect(await prepared(client)).toContain('vv_probe_sum');
    } finally {
      client.release();
    }
  });

  it('leaves unmarked statements, and a marker that is not at the very start, unprepared', async () => {
    await pool.query('select $1::int as one', [1]);
    await pool.query(' /* prepared: vv_probe_late */ select $1::int as two', [2]);
    expect(await prepared()).toEqual(['vv_probe_sum']);
  });
});
