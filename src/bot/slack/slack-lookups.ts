import type { ChannelBinding, Person, RoleGrant, Round, Team } from '../../dialogues/model.js';
import type { Store } from '../../dialogues/ports.js';

/** How long a channel's binding is trusted without asking the store again (other processes may rebind). */
const BINDING_TTL_MS = 30_000;
/** A posted prompt's round never changes; the limit only bounds how long a purged prompt lingers. */
const PROMPT_TTL_MS = 10 * 60_000;
/** A person erased, renamed or given other roles from another process (the CLI) is seen within a minute. */
const PERSON_TTL_MS = 60_000;
/**
 * An open round answered in a burst is read once per five seconds; its closing time is checked
 * against the clock with every reply, so only a round closed early elsewhere (the web channel,
 * another process) may take replies for up to five seconds more.
 */
const ROUND_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

/**
 * A copy of `value` that cannot be changed: cached values are handed out as they are, so a
 * caller that tried to change one would throw instead of changing what the next caller gets.
 */
function frozenCopy<T>(value: T): T {
  const freeze = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const inner of Object.values(v)) freeze(inner);
  };
  const copy = structuredClone(value);
  freeze(copy);
  return copy;
}

/** A small map whose entries expire; the oldest entry goes when it is full. */
function expiringMap<T>(ttlMs: number) {
  const entries = new Map<string, Entry<T>>();
  return {
    get(key: string): T | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.until > Date.now()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: T): void {
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value ?? '');
      entries.set(key, { value: frozenCopy(value), until: Date.now() + ttlMs });
    },
    delete: (key: string) => void entries.delete(key),
    clear: () => entries.clear(),
  };
}

/**
 * Lookups every thread reply repeats, kept in process for a short while: the binding of a
 * channel, the round of a posted prompt, the person behind a Slack user, their grants, the team
 * membership speaking in a bound channel grants, and the open round being answered. Only found
 * values are kept, so a channel bound or a prompt posted a moment ago is seen at once. Binding,
 * person, role and round-closing writes through `guard(store)` empty those caches; a change made
 * in another process (the CLI) is seen within 30 seconds (bindings), a minute (people and their
 * roles) or five seconds (a round closed early).
 *
 * @example
 * const lookups = createSlackLookups();
 * const store = lookups.guard(deps.store);
 * const binding = await lookups.binding(store, teamId, channelId);
 */
export function createSlackLookups() {
  const bindings = expiringMap<ChannelBinding>(BINDING_TTL_MS);
  const prompts = expiringMap<string>(PROMPT_TTL_MS);
  const people = expiringMap<Person>(PERSON_TTL_MS);
  /** `person:team` pairs whose member grant this process stored or saw; cleared with people. */
  const members = expiringMap<true>(PERSON_TTL_MS);
  /** Open rounds with their team, and people's grants, for the answer path; grants are cleared with people. */
  const rounds = expiringMap<{ round: Round; team: Team | null }>(ROUND_TTL_MS);
  const grants = expiringMap<RoleGrant[]>(PERSON_TTL_MS);

  /** Whether this process stored the member grant less than a minute ago (see `rememberMember`). */
  const knownMember = (personId: string, teamId: string): boolean => members.get(`${personId}:${teamId}`) === true;
  /** Call only after the grant has been committed. */
  const rememberMember = (personId: string, teamId: string): void => members.set(`${personId}:${teamId}`, true);

  /** The person behind a Slack user in an organisation, resolved by `load` when not cached. */
  async function person(organisationId: string, teamId: string, userId: string, load: () => Promise<Person>): Promise<Person> {
    const key = `${organisationId}:${teamId}:${userId}`;
    const cached = people.get(key);
    if (cached !== undefined) return cached;
    const found = await load();
    people.set(key, found);
    return found;
  }

  async function binding(store: Store, teamId: string, channelId: string): Promise<ChannelBinding | null> {
    const key = `${teamId}:${channelId}`;
    const cached = bindings.get(key);
    if (cached !== undefined) return cached;
    const found = await store.bindings.findByChannel('slack', teamId, channelId);
    if (found !== null) bindings.set(key, found);
    return found;
  }

  /** The round whose prompt was posted as `threadTs` in the binding's channel. */
  async function promptRound(store: Store, bindingId: string, threadTs: string): Promise<string | null> {
    const key = `${bindingId}:${threadTs}`;
    const cached = prompts.get(key);
    if (cached !== undefined) return cached;
    const roundId = (await store.deliveries.findPromptByPost(bindingId, threadTs))?.roundId ?? null;
    if (roundId !== null) prompts.set(key, roundId);
    return roundId;
  }

  /** The same store, except that binding writes (also inside transactions) empty the binding cache. */
  function guard(store: Store, onWrite: () => void = () => undefined): Store {
    const forget = <T>(write: Promise<T>): Promise<T> => {
      bindings.clear();
      onWrite();
      return write.finally(() => bindings.clear());
    };
    const guarded: Store['bindings'] = {
      ...store.bindings,
      upsert: (binding) => forget(store.bindings.upsert(binding)),
      remove: (organisationId, id) => forget(store.bindings.remove(organisationId, id)),
    };
    const forgetPeople = <T>(write: Promise<T>): Promise<T> => {
      const clear = () => {
        people.clear();
        members.clear();
        grants.clear();
      };
      clear();
      return write.finally(clear);
    };
    const getForAnswer: Store['rounds']['getForAnswer'] = async (organisationId, id, personId) => {
      const cachedRound = rounds.get(`${organisationId}:${id}`);
      const cachedGrants = grants.get(`${organisationId}:${personId}`);
      if (cachedRound !== undefined && cachedGrants !== undefined) return { ...cachedRound, grants: cachedGrants };
      const found = await store.rounds.getForAnswer(organisationId, id, personId);
      if (found === null) return null;
      if (found.round.status === 'open') rounds.set(`${organisationId}:${id}`, { round: found.round, team: found.team });
      grants.set(`${organisationId}:${personId}`, found.grants);
      return found;
    };
    return {
      ...store,
      bindings: guarded,
      people: {
        ...store.people,
        update: (organisationId, id, patch) => forgetPeople(store.people.update(organisationId, id, patch)),
        addIdentity: (identity) => forgetPeople(store.people.addIdentity(identity)),
        grantRole: (grant) => {
          const forget = () => grants.delete(`${grant.organisationId}:${grant.personId}`);
          forget();
          return store.people.grantRole(grant).finally(forget);
        },
        revokeRole: (grant) => forgetPeople(store.people.revokeRole(grant)),
      },
      rounds: {
        ...store.rounds,
        getForAnswer,
        markClosed: (organisationId, id, at) => store.rounds.markClosed(organisationId, id, at).finally(() => rounds.clear()),
      },
      privacy: { ...store.privacy, erasePerson: (organisationId, author, at) => forgetPeople(store.privacy.erasePerson(organisationId, author, at)) },
      transaction: async (work) => {
        // A reader may cache the old binding between the write and the commit: forget again after it.
        let wrote = false;
        try {
          return await store.transaction((tx) => work(guard(tx, () => void (wrote = true))));
        } finally {
          if (wrote) bindings.clear();
        }
      },
    };
  }

  return { binding, promptRound, person, knownMember, rememberMember, guard };
}

export type SlackLookups = ReturnType<typeof createSlackLookups>;
