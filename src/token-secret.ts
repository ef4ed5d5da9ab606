import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BUILT_IN_TOKEN_SECRET, ConfigError } from './config.js';
import { authorToken, guestToken } from './dialogues/author-token.js';
import type { Database } from './store/schema.js';
import { secretFingerprints, type AuthorTokenChange } from './store/secret-fingerprint-repository.js';

const NAME = 'token_secret';

/**
 * A one-way fingerprint of the token secret: equal secrets give equal fingerprints, and the
 * fingerprint tells nothing about the secret (an HMAC keyed by it, over a fixed label).
 */
export function tokenSecretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('vijfvragen:token-secret-fingerprint:v1').digest('base64url').slice(0, 22);
}

const isBuiltIn = (fingerprint: string) => fingerprint === tokenSecretFingerprint(BUILT_IN_TOKEN_SECRET);

/**
 * Makes sure this process keys tokens like every process before it on this database. The first
 * process records its secret's fingerprint; a later one with another secret is refused with a
 * ConfigError naming TOKEN_SECRET, because it would silently miss anonymous answers (export,
 * erasure, editing) and hand out sign-in and guest links that do not open.
 *
 * One exception: a database that a local-mode process claimed with the built-in trial secret but
 * that holds nothing keyed yet (a `seed-demo` before the first start, say) is taken over by a
 * real TOKEN_SECRET, since nothing can be lost.
 *
 * @example
 * await guardTokenSecret(database.db, config.tokenSecret, new Date());
 */
export async function guardTokenSecret(
  db: Kysely<Database>,
  secret: string,
  now: Date,
): Promise<'recorded' | 'matches' | 'taken-over'> {
  const store = secretFingerprints(db);
  const mine = tokenSecretFingerprint(secret);
  const before = await store.get(NAME);
  if (before === mine) return 'matches';
  // A database from before fingerprints were kept: the stored answers tell which secret made them.
  if (before === null && !(await keyedWith(store, secret))) throw new ConfigError([UNSTORED_MISMATCH]);
  const recorded = before ?? (await store.claim(NAME, mine, now));
  if (recorded === mine) return 'recorded';
  if (isBuiltIn(recorded) && secret !== BUILT_IN_TOKEN_SECRET && !(await store.holdsKeyedData())) {
    if (await store.replace(NAME, recorded, mine, now)) return 'taken-over';
  }
  throw new ConfigError([mismatchProblem(recorded, secret)]);
}

const UNSTORED_MISMATCH =
  'TOKEN_SECRET: differs from the secret the stored answers were made with (checked against them): anonymous answers would not be found. ' +
  "Use the bot's TOKEN_SECRET (the command line needs it too, even without Slack or Teams variables).";

/**
 * Whether the stored answers were keyed with `secret`: a named reply's token must be its
 * author's; an anonymous one must be some person's of its organisation. True when nothing is stored.
 */
async function keyedWith(store: ReturnType<typeof secretFingerprints>, secret: string): Promise<boolean> {
  const sample = await store.sampleAuthorTokens(20);
  if (sample.length === 0) return true;
  const people = sample.some((row) => row.authorPersonId === null)
    ? await store.peopleByOrganisation()
    : new Map<string, string[]>();
  return sample.some((row) =>
    (row.authorPersonId !== null ? [row.authorPersonId] : (people.get(row.organisationId) ?? [])).some(
      (personId) => authorToken(secret, row.roundId, personId) === row.authorToken,
    ),
  );
}

function mismatchProblem(recorded: string, secret: string): string {
  if (isBuiltIn(recorded)) {
    return (
      'TOKEN_SECRET: this database was first used in local mode, with the built-in trial secret, and holds answers keyed to it. ' +
      'Run `vijfvragen token-secret rekey` once with your TOKEN_SECRET set: it re-keys the stored answers to it (anonymous ones included). ' +
      'Or start from an empty database.'
    );
  }
  if (secret === BUILT_IN_TOKEN_SECRET) {
    return (
      'TOKEN_SECRET: not set, but this database was first used with a TOKEN_SECRET: without it anonymous answers are not found and links do not open. ' +
      'Set the same TOKEN_SECRET as the bot (the command line needs it too, even without Slack or Teams variables).'
    );
  }
  return (
    'TOKEN_SECRET: differs from the secret this database was first used with: anonymous answers would not be found and sign-in and guest links would not open. ' +
    "Use the bot's TOKEN_SECRET. To change the secret on purpose, run `vijfvragen token-secret rekey` with the new TOKEN_SECRET and the old one in PREVIOUS_TOKEN_SECRET."
  );
}

export interface RekeyReport {
  /** Replies whose author token now uses the new secret. */
  replies: number;
  /** Author tokens no person or invitation of theirs accounts for (left as they were). */
  unmatched: number;
}

/**
 * Re-keys every stored author token from `previous` to `next` and records `next`'s fingerprint,
 * in one transaction. Named replies carry their author; anonymous ones are matched by computing
 * each person's token for their round, guests' by each invitation of the round.
 *
 * @example
 * await rekeyTokenSecret(db, { previous: oldSecret, next: config.tokenSecret, now: new Date() });
 */
export async function rekeyTokenSecret(
  db: Kysely<Database>,
  input: { previous: string; next: string; now: Date },
): Promise<RekeyReport> {
  const { previous, next, now } = input;
  return db.transaction().execute(async (tx) => {
    const store = secretFingerprints(tx);
    const recorded = await store.get(NAME);
    if (recorded === tokenSecretFingerprint(next)) return { replies: 0, unmatched: 0 };
    if (recorded !== null && recorded !== tokenSecretFingerprint(previous)) {
      throw new ConfigError([
        'PREVIOUS_TOKEN_SECRET: is not the secret this database was keyed with (the built-in trial secret is tried when it is not set).',
      ]);
    }
    const people = await store.peopleByOrganisation();
    const invitations = await store.invitationsByRound();
    const changes: AuthorTokenChange[] = [];
    let unmatched = 0;
    for (const row of await store.authorTokens()) {
      const candidates =
        row.authorPersonId !== null
          ? [
              [
                authorToken(previous, row.roundId, row.authorPersonId),
                authorToken(next, row.roundId, row.authorPersonId),
              ],
            ]
          : row.source === 'guest'
            ? (invitations.get(row.roundId) ?? []).map((id) => [
                guestToken(previous, row.roundId, id),
                guestToken(next, row.roundId, id),
              ])
            : (people.get(row.organisationId) ?? []).map((id) => [
                authorToken(previous, row.roundId, id),
                authorToken(next, row.roundId, id),
              ]);
      const found = candidates.find(([from]) => from === row.authorToken);
      if (found?.[1] === undefined) unmatched += 1;
      else changes.push({ roundId: row.roundId, from: row.authorToken, to: found[1] });
    }
    const unique = [...new Map(changes.map((c) => [`${c.roundId}:${c.from}`, c])).values()];
    const replies = await store.replaceAuthorTokens(unique);
    const fingerprint = tokenSecretFingerprint(next);
    if (recorded === null) await store.claim(NAME, fingerprint, now);
    else await store.replace(NAME, recorded, fingerprint, now);
    return { replies, unmatched };
  });
}
