import type { KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import { loadOverview, loadTeam } from '../../src/bot/dashboard/dashboard-data.js';
import { memberCounts, participation } from '../../src/dialogues/digest/participation.js';
import type { Person } from '../../src/dialogues/model.js';
import type { Store } from '../../src/dialogues/ports.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { anOrganisation, aPerson, aReply, aRound, aSchool, aTeam, testDeps } from '../support/builders.js';
import { forEachStore, type StoreHarness } from '../support/db.js';
import { movableClock } from '../support/world.js';

const MIN_GROUP = 2;
const OPENED = new Date('2026-11-10T09:00:00Z');
const minutes = (n: number) => new Date(OPENED.getTime() + n * 60_000);

/**
 * A board of `teams` teams over two schools. Team i has (i % 4) + 1 members; every third team
 * never had a round; the others have an older round and a newer one with answers from some
 * members, a guest, a deleted answer and a second answer by the same person. Team 1 has two
 * rounds opened at the same instant (the higher id counts as the newer, as in `rounds.list`).
 */
async function seedBoard(store: Store, teams: number): Promise<{ organisationId: string; leader: Person }> {
  const organisation = anOrganisation({ name: `Stichting ${teams}` });
  const organisationId = organisation.id;
  await store.organisations.create(organisation);
  const schools = [aSchool(organisationId, { name: 'De Linde' }), aSchool(organisationId, { name: 'Het Anker' })];
  for (const school of schools) await store.schools.create(school);
  const leader = aPerson(organisationId, { displayName: 'Lotte Leeuwen' });
  await store.people.create(leader);
  await store.people.grantRole({
    organisationId,
    personId: leader.id,
    role: 'leader',
    scope: { kind: 'organisation' },
  });
  for (let i = 0; i < teams; i += 1) {
    const team = aTeam(organisationId, schools[i % 2]?.id ?? '', { name: `Groep ${i}` });
    await store.teams.create(team);
    const members: Person[] = [];
    for (let m = 0; m <= i % 4; m += 1) {
      const member = aPerson(organisationId, { displayName: `Lid ${i}.${m}` });
      await store.people.create(member);
      await store.people.grantRole({
        organisationId,
        personId: member.id,
        role: 'member',
        scope: { kind: 'team', teamId: team.id },
      });
      members.push(member);
    }
    if (i % 3 === 2) continue;
    await store.rounds.create(aRound(organisationId, team.id, { openedAt: minutes(-7 * 24 * 60), status: 'closed' }));
    const newer = [aRound(organisationId, team.id, { openedAt: minutes(i), status: 'closed' })];
    if (i === 1) newer.push(aRound(organisationId, team.id, { openedAt: minutes(i), status: 'closed' }));
    for (const round of newer) {
      await store.rounds.create(round);
      const reply = (overrides: Parameters<typeof aReply>[2]) =>
        store.replies.insert(aReply(organisationId, round.id, { platformMessageId: null, ...overrides }));
      for (const [m, member] of members.slice(0, (i % 3) + 1).entries()) {
        await reply({
          authorPersonId: member.id,
          authorToken: `t-${member.id}`,
          text: `Antwoord ${m}`,
          createdAt: minutes(i + m + 1),
        });
        if (m === 0)
          await reply({
            authorPersonId: member.id,
            authorToken: `t-${member.id}`,
            questionKey: 'next_steps',
            text: 'Nog een',
            createdAt: minutes(i + 30),
          });
      }
      await reply({
        authorToken: 'guest-1',
        source: 'guest',
        questionKey: 'outside_view',
        text: 'Van buiten',
        createdAt: minutes(i + 40),
      });
      await reply({ authorToken: 'gone', text: 'Ingetrokken', createdAt: minutes(i + 41), deletedAt: minutes(i + 42) });
    }
  }
  return { organisationId, leader };
}

/** What the overview showed when it read one team at a time: its newest round and that round's replies. */
async function overviewTeamByTeam(store: Store, organisationId: string) {
  const members = memberCounts(await store.people.listByRole(organisationId, 'member'));
  return Promise.all(
    (await store.teams.list(organisationId)).map(async (team) => {
      const [last] = await store.rounds.list(organisationId, { teamId: team.id, limit: 1 });
      const size = members.get(team.id) ?? 0;
      return {
        team,
        members: size,
        lastRoundAt: last?.openedAt ?? null,
        last: last ? participation(await store.replies.listByRound(organisationId, last.id), size, MIN_GROUP) : null,
      };
    }),
  );
}

/** The same store with every SQL statement (PGlite, PostgreSQL) or repository call (memory) counted. */
function counted(t: StoreHarness): { store: Store; count: () => number } {
  let count = 0;
  if (t.db) {
    const plugin: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        count += 1;
        return args.result;
      },
    };
    return { store: createSqlStore(t.db.withPlugin(plugin)), count: () => count };
  }
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          count += 1;
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  const store = Object.fromEntries(
    Object.entries(t.store).map(([name, repo]) => [
      name,
      typeof repo === 'object' && repo !== null ? wrap(repo) : repo,
    ]),
  ) as unknown as Store;
  return { store, count: () => count };
}

forEachStore('dashboard: grouped reads', (t) => {
  const deps = (store: Store) => testDeps(store, movableClock('2026-11-23T09:00:00Z'));

  it("shows every team's members, last round and response as reading team by team did", async () => {
    const { organisationId, leader } = await seedBoard(t.store, 9);
    const view = await loadOverview(deps(t.store), organisationId, leader, MIN_GROUP);
    const shown = view.schools.flatMap((s) => s.teams).sort((a, b) => a.team.id.localeCompare(b.team.id));
    const expected = (await overviewTeamByTeam(t.store, organisationId)).sort((a, b) =>
      a.team.id.localeCompare(b.team.id),
    );
    expect(shown).toEqual(expected);
    // The board has what the comparison is meant to cover: teams without rounds, small groups and shown rates.
    expect(shown.filter((row) => row.last === null)).toHaveLength(3);
    expect(shown.some((row) => row.last?.smallGroup)).toBe(true);
    expect(shown.find((row) => row.team.name === 'Groep 7')?.last).toEqual({
      participants: 2,
      responseRate: 50,
      smallGroup: false,
    });
  });

  it("reads each round's replies on the team page as reading round by round did", async () => {
    const { organisationId, leader } = await seedBoard(t.store, 3);
    const [team] = (await t.store.teams.list(organisationId)).filter((x) => x.name === 'Groep 1');
    const view = await loadTeam(deps(t.store), organisationId, leader, team?.id ?? '', MIN_GROUP);
    const rounds = await t.store.rounds.list(organisationId, { teamId: team?.id ?? '', limit: 10 });
    expect(view?.rounds.map((r) => r.round)).toEqual(rounds);
    for (const [i, round] of rounds.entries()) {
      expect(view?.rounds[i]?.participation).toEqual(
        participation(await t.store.replies.listByRound(organisationId, round.id), 2, MIN_GROUP),
      );
    }
    expect(view?.questions.find((q) => q.key === 'right_things')?.count).toBe(4);
    expect(await t.store.dashboardReads.repliesOfRounds(organisationId, [])).toEqual([]);
  });

  it('reads an overview of forty teams with as many queries as one of four', async () => {
    const small = await seedBoard(t.store, 4);
    const large = await seedBoard(t.store, 40);
    const { store, count } = counted(t);
    const queriesFor = async (board: { organisationId: string; leader: Person }) => {
      const before = count();
      const view = await loadOverview(deps(store), board.organisationId, board.leader, MIN_GROUP);
      return { queries: count() - before, teams: view.schools.flatMap((s) => s.teams).length };
    };
    const four = await queriesFor(small);
    const forty = await queriesFor(large);
    expect([four.teams, forty.teams]).toEqual([4, 40]);
    expect(forty.queries).toBe(four.queries);
    // The digest's aggregates, scope, members and latest rounds: a handful, not one per team.
    expect(four.queries).toBeLessThan(25);
  });

  it('keeps to one organisation, whatever team ids it is given', async () => {
    const mine = await seedBoard(t.store, 2);
    const theirs = await seedBoard(t.store, 2);
    const theirTeams = (await t.store.teams.list(theirs.organisationId)).map((x) => x.id);
    expect(await t.store.dashboardReads.latestRounds(mine.organisationId, theirTeams)).toEqual([]);
    const [theirRound] = await t.store.rounds.list(theirs.organisationId);
    expect(await t.store.dashboardReads.repliesOfRounds(mine.organisationId, [theirRound?.id ?? ''])).toEqual([]);
    expect(await t.store.dashboardReads.latestRounds(mine.organisationId, [])).toEqual([]);
  });
});
