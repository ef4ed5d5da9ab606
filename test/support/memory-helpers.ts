// Small helpers the memory store's tables share (memory-store.ts and the memory-*.ts repositories).

/** Callers get copies: mutating a returned object must not change the store. */
export const copy = <T>(value: T): T => structuredClone(value);
export const key = (...parts: (string | number)[]): string => JSON.stringify(parts);
export const time = (date: Date | null): number => date?.getTime() ?? Number.NEGATIVE_INFINITY;
/** Code-point order, as the SQL store's `COLLATE "C"`. */
export const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const byCreated = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  time(a.createdAt) - time(b.createdAt) || text(a.id, b.id);
export const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  text(a.name, b.name) || text(a.id, b.id);

export function scoped<T extends { organisationId: string }>(map: Map<string, T>, organisationId: string): T[] {
  return [...map.values()].filter((row) => row.organisationId === organisationId);
}

export function getScoped<T extends { organisationId: string }>(
  map: Map<string, T>,
  organisationId: string,
  id: string,
): T | null {
  const row = map.get(id);
  return row !== undefined && row.organisationId === organisationId ? copy(row) : null;
}

export function insertOnce<T extends { id: string }>(map: Map<string, T>, row: T): void {
  if (map.has(row.id)) throw new Error(`memory store: duplicate id ${row.id}`);
  map.set(row.id, copy(row));
}

export function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A table's `create`, `get` and `list` (in `order`) within one organisation, as most repositories have them. */
export function scopedRows<T extends { id: string; organisationId: string }>(
  table: () => Map<string, T>,
  order: (a: T, b: T) => number,
) {
  return {
    async create(row: T): Promise<void> {
      insertOnce(table(), row);
    },
    async get(organisationId: string, id: string): Promise<T | null> {
      return getScoped(table(), organisationId, id);
    },
    async list(organisationId: string): Promise<T[]> {
      return copy(scoped(table(), organisationId).sort(order));
    },
  };
}

/** Each key once, as a query over `id IN (…)` answers. */
export function uniqueKeys<T extends { organisationId: string; id: string }>(keys: readonly T[]): T[] {
  return [...new Map(keys.map((key) => [`${key.organisationId}/${key.id}`, key])).values()];
}
