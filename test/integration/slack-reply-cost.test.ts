import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/dialogues/ports.js';
import { createMemoryStore } from '../support/memory-store.js';
import { ADMIN, CHANNEL, addPeople, bindAndOpenRound, newTs, threadMessage } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

/** Calls reaching the store under the cache, by kind: what a reply costs the database. */
interface Calls {
  reads: number;
  writes: number;
  transactions: number;
}

const READ = /^(get|find|list|roles|identities|runs)/;

/** `inner` with every repository call counted (inside transactions too). */
function counted(inner: Store, calls: Calls): Store {
  const wrap = (store: Store): Store => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, repository] of Object.entries(store)) {
      if (name === 'transaction' || typeof repository !== 'object' || repository === null) continue;
      const methods: Record<string, unknown> = {};
      for (const [method, fn] of Object.entries(repository as Record<string, unknown>)) {
        if (typeof fn !== 'function') continue;
        methods[method] = (...args: unknown[]) => {
          if (READ.test(method)) calls.reads += 1;
          else calls.writes += 1;
          return (fn as (...a: unknown[]) => unknown).apply(repository, args);
        };
      }
      wrapped[name] = methods;
    }
    wrapped.transaction = <T>(work: (tx: Store) => Promise<T>) => {
      calls.transactions += 1;
      return store.transaction((tx) => work(wrap(tx)));
    };
    return wrapped as unknown as Store;
  };
  return wrap(inner);
}

const TEACHERS = Array.from({ length: 40 }, (_, i) => `U0T${String(i).padStart(6, '0')}`);

/**
 * What ingestion benchmark (a) measures, counted instead of timed: known members replying in a
 * busy thread, with time passing (on the fake clock) past the store cache's five seconds several
 * times. A warm reply must stay one write: the cached reads are repeated once per person per
 * five seconds, not once per reply, and no transaction is opened for a membership already held.
 */
describe('Slack thread replies: what a warm reply costs the store', () => {
  let app: SlackTestApp;
  const calls: Calls = { reads: 0, writes: 0, transactions: 0 };
  beforeEach(async () => {
    app = await startSlackTestApp({ store: counted(createMemoryStore(), calls) });
    addPeople(app);
    for (const id of TEACHERS) app.slack.addUser(WORKSPACE.teamId, { id, name: `Leraar ${id}`, locale: 'nl-NL' });
    app.slack.setMembers(CHANNEL, [ADMIN, WORKSPACE.botUserId, ...TEACHERS]);
  });
  afterEach(async () => app.close());

  it('is one write, with a few cached reads a person every five seconds and no transaction', async () => {
    const { promptTs } = await bindAndOpenRound(app);
    const reply = async (user: string, i: number) => {
      const response = await app.event(
        threadMessage(user, `Antwoord ${i}: de leesresultaten stijgen`, newTs(), promptTs),
      );
      expect(response.status).toBe(200);
    };
    // Cold: every teacher's first reply creates the person and grants the membership.
    for (const [i, user] of TEACHERS.entries()) await reply(user, i);
    Object.assign(calls, { reads: 0, writes: 0, transactions: 0 });
    // Warm: 600 replies at 50 a second of fake time, twelve seconds, past the cache's bound twice.
    const replies = 600;
    for (let i = 0; i < replies; i += 1) {
      await reply(TEACHERS[i % TEACHERS.length] ?? ADMIN, i);
      app.deps.clock.advance(20);
    }
    expect(calls.writes).toBe(replies);
    expect(calls.transactions).toBe(0);
    // Three periods of five seconds, each reading per teacher at most their person and their
    // grants on the round (two reads), plus the channel's binding and the prompt: 3 × 82.
    expect(calls.reads).toBeLessThanOrEqual(3 * (2 * TEACHERS.length + 2));
  }, 240_000);
});
