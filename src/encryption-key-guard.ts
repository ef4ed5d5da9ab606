import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createTokenBox } from './bot/slack/token-crypto.js';
import { ConfigError } from './config.js';
import type { Database } from './store/schema.js';
import { secretFingerprints } from './store/secret-fingerprint-repository.js';

const NAME = 'encryption_key';

const PROBLEM =
  'ENCRYPTION_KEY: differs from the key the stored Slack installations were sealed with, so no installed workspace could be served. ' +
  'Use the original ENCRYPTION_KEY; there is no way to open them with another (each workspace would have to install the app again).';

/**
 * ENCRYPTION_KEY seals the Slack OAuth installations. With another key every workspace fails at
 * its first request, one by one, long after the start. The database keeps a one-way fingerprint
 * of the key it was first used with, and a process with another key refuses to start, naming
 * ENCRYPTION_KEY. A database from before fingerprints is checked by opening one installation.
 *
 * @example
 * await guardEncryptionKey(database.db, config.encryptionKey, new Date());
 */
export async function guardEncryptionKey(db: Kysely<Database>, key: string | null, now: Date): Promise<void> {
  if (key === null) return;
  const store = secretFingerprints(db);
  const mine = createHmac('sha256', key)
    .update('vijfvragen:encryption-key-fingerprint:v1')
    .digest('base64url')
    .slice(0, 22);
  const before = await store.get(NAME);
  if (before === mine) return;
  if (before === null) {
    const sample = await store.sampleSealedInstallation();
    if (sample !== null && !opens(key, sample)) throw new ConfigError([PROBLEM]);
    if ((await store.claim(NAME, mine, now)) === mine) return;
  }
  throw new ConfigError([PROBLEM]);
}

function opens(key: string, sample: { teamId: string; sealed: string }): boolean {
  try {
    createTokenBox(key).open(sample.sealed, sample.teamId);
    return true;
  } catch {
    return false;
  }
}
