import type { Kysely } from 'kysely';
import type { ScopedId } from '../dialogues/ports.js';
import type { Database } from './schema.js';

/** A Kysely instance or an open transaction (`Transaction` extends `Kysely`). */
export type Executor = Kysely<Database>;

/**
 * jsonb parameters are passed as JSON text. Handing pg a plain array would make it a Postgres
 * array literal instead; text is read the same way by pg and PGlite, and both return the
 * parsed value on select.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Leaves out the keys whose value is undefined, so a partial patch never writes them. */
export function definedOnly<T extends Record<string, unknown>>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * The ids to select for a list of organisation-scoped keys, and a check that keeps only the rows
 * of the organisation each key names (ids are unique, so a row elsewhere is simply left out).
 */
export function scopedIds(keys: readonly ScopedId[]): {
  ids: string[];
  holds(organisationId: string, id: string): boolean;
} {
  const wanted = new Set(keys.map((key) => `${key.organisationId}/${key.id}`));
  return {
    ids: [...new Set(keys.map((key) => key.id))],
    holds: (organisationId, id) => wanted.has(`${organisationId}/${id}`),
  };
}
