import { createMemoryStore } from './memory-store.js';
import type { DialogueDeps, Logger } from '../../src/dialogues/deps.js';
import type { ChannelBinding, Person, Role, Scope, Team } from '../../src/dialogues/model.js';
import type { Clock, Store } from '../../src/dialogues/ports.js';
import { cronCheck } from '../../src/scheduler/occurrences.js';

/** A clock tests move by hand. */
export interface MovableClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function movableClock(start: Date | string = '2026-11-23T09:00:00Z'): MovableClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => void (current = new Date(at)),
    advance: (ms) => void (current = new Date(current.getTime() + ms)),
  };
}

/** A logger that keeps what was logged, so tests can assert on warnings. */
export function recordingLogger(): Logger & {
  lines: { level: string; message: string; details: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; details: Record<string, unknown> }[] = [];
  const at = (level: string) => (details: Record<string, unknown>, message: string) =>
    void lines.push({ level, message, details });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface World {
  deps: DialogueDeps & { clock: MovableClock };
  store: Store;
  organisationId: string;
  schoolId: string;
  team: Team;
  binding: ChannelBinding;
  person(name: string, role?: Role, scope?: Scope): Promise<Person>;
}

let counter = 0;
const nextId = () => `id-${(counter += 1).toString().padStart(5, '0')}`;

/**
 * One organisation with one school, one team bound to one web channel. Builds on any Store, so
 * the same scenario runs in memory or on a real database.
 */
export async function buildWorld(
  store: Store = createMemoryStore(),
  clock: MovableClock = movableClock(),
  options: { channelId?: string } = {},
): Promise<World> {
  const deps = {
    store,
    clock,
    newId: nextId,
    tokenSecret: 'test-secret-test-secret-test-secret!',
    cron: cronCheck,
    log: recordingLogger(),
  };
  const organisationId = nextId();
  const schoolId = nextId();
  const now = clock.now();
  await store.organisations.create({
    id: organisationId,
    name: 'Stichting Test',
    locale: 'nl',
    timeZone: 'Europe/Amsterdam',
    retentionDays: null,
    createdAt: now,
  });
  await store.schools.create({ id: schoolId, organisationId, name: 'De Linde' });
  const team: Team = { id: nextId(), organisationId, schoolId, name: 'Groep 7' };
  await store.teams.create(team);
  const binding = await store.bindings.upsert({
    id: nextId(),
    organisationId,
    teamId: team.id,
    platform: 'web',
    workspaceId: 'local',
    channelId: options.channelId ?? 'groep-7',
    name: '#groep-7',
    address: {},
    createdAt: now,
  });
  return {
    deps,
    store,
    organisationId,
    schoolId,
    team,
    binding,
    async person(name, role = 'member', scope = { kind: 'team', teamId: team.id }) {
      const person: Person = {
        id: nextId(),
        organisationId,
        displayName: name,
        locale: 'nl',
        email: null,
        createdAt: now,
      };
      await store.people.create(person);
      await store.people.grantRole({ organisationId, personId: person.id, role, scope });
      return person;
    },
  };
}
