import type { Clock, Store } from './ports.js';

/**
 * How long a cached read is trusted: a change made by another process (the CLI, another
 * replica) is seen within this time. Writes made through the cached store are seen at once.
 */
export const CACHE_STALE_AFTER_MS = 5_000;
const MAX_ENTRIES = 10_000;

/** The reads every thread reply and command repeats, by repository; only these are cached. */
const CACHED_READS = {
  bindings: ['findByChannel'],
  people: ['findByIdentity', 'roles'],
  rounds: ['getForAnswer'],
  deliveries: ['findPromptByPost'],
} as const;

type Group = keyof typeof CACHED_READS | 'members';

/**
 * Which caches a write to a repository empties (`*`: any write not named). A round's answer read
 * carries its team and the person's grants; erasing or purging (privacy) touches people, rounds
 * and posted prompts. Some writes cannot make a cached value stale and empty nothing, which keeps
 * a burst of first replies (each a new person and a member grant) from emptying the caches for
 * everybody: creating a person or adding an identity (identities are never moved: a conflict is
 * ignored), and granting a role for the membership memo (it only remembers grants). Other
 * repositories' writes (replies, deliveries being sent, audit) change nothing cached: a posted
 * prompt's round never changes.
 */
const INVALIDATES: Readonly<Record<string, Readonly<Record<string, readonly Group[]>>>> = {
  bindings: { '*': ['bindings'] },
  people: { create: [], addIdentity: [], grantRole: ['people', 'rounds'], '*': ['people', 'rounds', 'members'] },
  rounds: { '*': ['rounds'] },
  teams: { '*': ['rounds', 'members'] },
  privacy: { '*': ['people', 'rounds', 'members', 'deliveries'] },
};

const invalidated = (repository: string, method: string): readonly Group[] => {
  const rules = INVALIDATES[repository];
  return rules?.[method] ?? rules?.['*'] ?? [];
};

/** Methods that only read, by the repositories' naming; every other method counts as a write. */
const READ = /^(get|find|list|roles|identities|runs)/;

/**
 * Remembers, per process, which people this process already made members of a team: a known
 * member's reply is one statement instead of a transaction. `remember` is called only after the
 * grant committed. Optional: without it every first reply grants inside a transaction.
 */
export interface MembershipMemo {
  known(personId: string, teamId: string): boolean;
  remember(personId: string, teamId: string): void;
}

export interface StoreCache {
  /** The store with cached reads; hand it to the use cases instead of the store it wraps. */
  readonly store: Store;
  /** Which people this process already made members of a team (see `MembershipMemo`). */
  readonly members: MembershipMemo;
}

interface Entry {
  value: unknown;
  until: number;
}

/**
 * A copy of `value` frozen all the way down: cached values are handed out as they are, to every
 * reader, so no reader may change one (in strict mode a write throws). Copied once, when cached,
 * so the store's own objects (the in-memory store keeps its rows) stay writable.
 */
function frozenCopy<T>(value: T): T {
  const freeze = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const inner of Object.values(v)) freeze(inner);
  };
  const copy = structuredClone(value);
  freeze(copy);
  return copy;
}

/**
 * A cache decorator over any Store, for every platform: the binding of a channel, the round of
 * a posted prompt, the person behind a platform user and their grants, and the open round being
 * answered are read once per `staleAfterMs` instead of with every reply. Only found values are
 * kept (a channel bound a moment ago is seen at once), on the injected clock. A write through
 * this store, inside a transaction too, empties the caches it may have made stale, again after
 * the commit (a reader may cache the old value between the write and the commit). Writes made
 * by another process are seen within `staleAfterMs` (default five seconds): the bound the
 * documentation promises (docs/architecture.md, "Caching"). Reads inside a transaction are never
 * cached: they may see the transaction's own uncommitted writes.
 *
 * @example
 * const cache = createStoreCache(createSqlStore(db), { clock });
 * const deps = { ...deps, store: cache.store, memberships: cache.members };
 */
export function createStoreCache(
  inner: Store,
  options: { clock: Clock; staleAfterMs?: number; maxEntries?: number },
): StoreCache {
  const ttl = options.staleAfterMs ?? CACHE_STALE_AFTER_MS;
  const max = options.maxEntries ?? MAX_ENTRIES;
  const now = () => options.clock.now().getTime();
  const caches = new Map<Group, Map<string, Entry>>();
  const cacheOf = (group: Group): Map<string, Entry> => {
    let cache = caches.get(group);
    if (!cache) caches.set(group, (cache = new Map()));
    return cache;
  };
  const forget = (groups: readonly Group[]) => {
    for (const group of groups) caches.get(group)?.clear();
  };
  /** Caches a frozen copy of `value` and returns it: every reader, the first too, gets the same frozen object. */
  const remember = (group: Group, key: string, value: unknown): unknown => {
    const cache = cacheOf(group);
    if (cache.size >= max) cache.delete(cache.keys().next().value ?? '');
    const frozen = frozenCopy(value);
    cache.set(key, { value: frozen, until: now() + ttl });
    return frozen;
  };
  const recall = (group: Group, key: string): { value: unknown } | undefined => {
    const cache = caches.get(group);
    const entry = cache?.get(key);
    if (!entry) return undefined;
    if (entry.until > now()) return { value: entry.value };
    cache?.delete(key);
    return undefined;
  };

  /** `store` with cached reads (`cacheReads`) and every write emptying what it may have made stale. */
  function wrap(store: Store, cacheReads: boolean, onWrite: (groups: readonly Group[]) => void): Store {
    const wrapped: Record<string, unknown> = { ...store };
    for (const [name, repository] of Object.entries(store)) {
      if (name === 'transaction' || typeof repository !== 'object' || repository === null) continue;
      const cached: readonly string[] = cacheReads ? (CACHED_READS[name as keyof typeof CACHED_READS] ?? []) : [];
      const methods: Record<string, unknown> = { ...repository };
      for (const [method, fn] of Object.entries(repository as Record<string, unknown>)) {
        if (typeof fn !== 'function') continue;
        const call = (...args: unknown[]) => (fn as (...a: unknown[]) => Promise<unknown>).apply(repository, args);
        if (cached.includes(method)) {
          const group = name as Group;
          methods[method] = async (...args: unknown[]) => {
            const key = `${method}:${JSON.stringify(args)}`;
            const hit = recall(group, key);
            if (hit) return hit.value;
            const value = await call(...args);
            return value === null || value === undefined ? value : remember(group, key, value);
          };
        } else if (!READ.test(method) && invalidated(name, method).length > 0) {
          const groups = invalidated(name, method);
          methods[method] = (...args: unknown[]) => {
            forget(groups);
            onWrite(groups);
            return call(...args).finally(() => forget(groups));
          };
        }
      }
      wrapped[name] = methods;
    }
    wrapped.transaction = async <T>(work: (tx: Store) => Promise<T>): Promise<T> => {
      const written = new Set<Group>();
      const onTxWrite = (groups: readonly Group[]) => {
        for (const group of groups) written.add(group);
        onWrite(groups);
      };
      try {
        return await store.transaction((tx) => work(wrap(tx, false, onTxWrite)));
      } finally {
        forget([...written]);
      }
    };
    return wrapped as unknown as Store;
  }

  const members: MembershipMemo = {
    known: (personId, teamId) => recall('members', `${personId}:${teamId}`) !== undefined,
    remember: (personId, teamId) => remember('members', `${personId}:${teamId}`, true),
  };
  return { store: wrap(inner, true, () => undefined), members };
}
