import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored reply's author key, with what is needed to compute it again under another secret. */
export interface AuthorTokenRow {
  organisationId: string;
  roundId: string;
  authorPersonId: string | null;
  authorToken: string;
  source: string;
}

const AUTHOR_TOKEN_COLUMNS = ['organisation_id', 'round_id', 'author_person_id', 'author_token', 'source'] as const;

function toAuthorTokenRow(r: {
  organisation_id: string;
  round_id: string;
  author_person_id: string | null;
  author_token: string;
  source: string;
}): AuthorTokenRow {
  return {
    organisationId: r.organisation_id,
    roundId: r.round_id,
    authorPersonId: r.author_person_id,
    authorToken: r.author_token,
    source: r.source,
  };
}

/** One author key to replace: every reply of `roundId` keyed `from` gets `to`. */
export interface AuthorTokenChange {
  roundId: string;
  from: string;
  to: string;
}

/**
 * The fingerprints of secrets the database never holds (TOKEN_SECRET), and the reads and writes
 * needed to re-key the author tokens made with one.
 *
 * @example
 * const recorded = await secretFingerprints(db).claim('token_secret', fingerprint, new Date());
 * if (recorded !== fingerprint) refuse();
 */
export function secretFingerprints(db: Db) {
  return {
    async get(name: string): Promise<string | null> {
      const row = await db
        .selectFrom('secret_fingerprints')
        .select('fingerprint')
        .where('name', '=', name)
        .executeTakeFirst();
      return row?.fingerprint ?? null;
    },

    /** Records `fingerprint` unless one is there; returns the one that is there afterwards (first writer wins). */
    async claim(name: string, fingerprint: string, at: Date): Promise<string> {
      await db
        .insertInto('secret_fingerprints')
        .values({ name, fingerprint, recorded_at: at })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await db
        .selectFrom('secret_fingerprints')
        .select('fingerprint')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return row.fingerprint;
    },

    /** Replaces the fingerprint only when it still is `expected`; false when another process changed it. */
    async replace(name: string, expected: string, fingerprint: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('secret_fingerprints')
        .set({ fingerprint, recorded_at: at })
        .where('name', '=', name)
        .where('fingerprint', '=', expected)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Whether anything stored was keyed with the token secret: replies (all carry an author token) or guest invitations. */
    async holdsKeyedData(): Promise<boolean> {
      const row = await sql<{ keyed: boolean }>`
        select exists (select 1 from replies) or exists (select 1 from guest_invitations) as keyed`.execute(db);
      return row.rows[0]?.keyed === true;
    },

    /** A few stored author keys, named replies first (their author is known, so one check suffices). */
    async sampleAuthorTokens(limit: number): Promise<AuthorTokenRow[]> {
      const rows = await db
        .selectFrom('replies')
        .select(AUTHOR_TOKEN_COLUMNS)
        .where('source', '!=', 'guest')
        .orderBy(sql`author_person_id is null`)
        .limit(limit)
        .execute();
      return rows.map(toAuthorTokenRow);
    },

    /** One sealed Slack installation (to try a key on), or null when there is none. */
    async sampleSealedInstallation(): Promise<{ teamId: string; sealed: string } | null> {
      const row = await sql<{
        team_id: string;
        installation: string;
      }>`select team_id, installation from slack_installations limit 1`.execute(db);
      const first = row.rows[0];
      return first ? { teamId: first.team_id, sealed: first.installation } : null;
    },

    /** Every distinct author key in the replies. */
    async authorTokens(): Promise<AuthorTokenRow[]> {
      const rows = await db.selectFrom('replies').select(AUTHOR_TOKEN_COLUMNS).distinct().execute();
      return rows.map(toAuthorTokenRow);
    },

    /** Every person id per organisation, erased people excluded (their replies went with them). */
    async peopleByOrganisation(): Promise<Map<string, string[]>> {
      const rows = await db.selectFrom('people').select(['organisation_id', 'id']).execute();
      const byOrganisation = new Map<string, string[]>();
      for (const row of rows)
        byOrganisation.set(row.organisation_id, [...(byOrganisation.get(row.organisation_id) ?? []), row.id]);
      return byOrganisation;
    },

    /** Every guest invitation id per round. */
    async invitationsByRound(): Promise<Map<string, string[]>> {
      const rows = await db.selectFrom('guest_invitations').select(['round_id', 'id']).execute();
      const byRound = new Map<string, string[]>();
      for (const row of rows) byRound.set(row.round_id, [...(byRound.get(row.round_id) ?? []), row.id]);
      return byRound;
    },

    async replaceAuthorTokens(changes: readonly AuthorTokenChange[]): Promise<number> {
      let replaced = 0;
      for (const change of changes) {
        const result = await db
          .updateTable('replies')
          .set({ author_token: change.to })
          .where('round_id', '=', change.roundId)
          .where('author_token', '=', change.from)
          .executeTakeFirst();
        replaced += Number(result.numUpdatedRows);
      }
      return replaced;
    },
  };
}
