import { expect, it } from 'vitest';
import type { Store } from '../../src/dialogues/ports.js';
import { migrateDown, migrateToLatest } from '../../src/store/migrate.js';
import { anAction, anOrganisation, aSchool, aTeam } from '../support/builders.js';
import { forEachStore, STORES } from '../support/db.js';

const MIGRATION = '20250614-1301-action-numbers';

async function twoTeams(store: Store) {
  const organisation = anOrganisation();
  await store.organisations.create(organisation);
  const school = aSchool(organisation.id);
  await store.schools.create(school);
  const team = aTeam(organisation.id, school.id, { name: 'Groep 7' });
  const other = aTeam(organisation.id, school.id, { name: 'Groep 8' });
  for (const t of [team, other]) await store.teams.create(t);
  return { organisation, team, other };
}

forEachStore('action numbers: short and unique per team', (t) => {
  it('numbers each team’s actions 1, 2, 3 in creation order and returns the number with the action', async () => {
    const { organisation, team, other } = await twoTeams(t.store);
    const first = await t.store.actions.create(anAction(organisation.id, team.id, { title: 'Een' }));
    const elsewhere = await t.store.actions.create(anAction(organisation.id, other.id, { title: 'Ander team' }));
    const second = await t.store.actions.create(anAction(organisation.id, team.id, { title: 'Twee' }));
    expect([first.number, second.number, elsewhere.number]).toEqual([1, 2, 1]);
    const listed = await t.store.actions.listByTeam(organisation.id, team.id);
    expect(listed.map((a) => [a.number, a.title]).sort()).toEqual([
      [1, 'Een'],
      [2, 'Twee'],
    ]);
    expect((await t.store.actions.get(organisation.id, elsewhere.id))?.number).toBe(1);
  });

  it('gives concurrent creates in one team distinct numbers', async () => {
    const { organisation, team } = await twoTeams(t.store);
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.store.actions.create(anAction(organisation.id, team.id, { title: `A${i}` })),
      ),
    );
    const numbers = made.map((a) => a.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const stored = (await t.store.actions.listByTeam(organisation.id, team.id))
      .map((a) => a.number)
      .sort((a, b) => a - b);
    expect(stored).toEqual(numbers);
  });
});

forEachStore(
  'action numbers: the migration numbers existing actions per team in creation order',
  (t) => {
    it('numbers what was there, and new actions continue after the highest', async () => {
      const db = t.db;
      if (db === null) throw new Error('a SQL store');
      const { organisation, team, other } = await twoTeams(t.store);
      const at = (day: number) => new Date(`2025-09-${String(day).padStart(2, '0')}T08:00:00Z`);
      let undone: string[] = [];
      while (!undone.includes(MIGRATION)) undone = await migrateDown(db);
      // Made out of order, as an older database holds them: the migration goes by creation time.
      for (const [teamId, title, day] of [
        [team.id, 'Derde', 3],
        [team.id, 'Eerste', 1],
        [other.id, 'Ander', 2],
        [team.id, 'Tweede', 2],
      ] as const) {
        const action = anAction(organisation.id, teamId, { title, createdAt: at(day), updatedAt: at(day) });
        await db
          .insertInto('actions')
          .values({
            id: action.id,
            organisation_id: action.organisationId,
            team_id: action.teamId,
            round_id: null,
            reply_id: null,
            title: action.title,
            owner_person_id: null,
            due_on: null,
            status: 'open',
            created_at: action.createdAt,
            updated_at: action.updatedAt,
            reminded_at: null,
          } as never)
          .execute();
      }
      await migrateToLatest(db);
      const numbered = async (teamId: string) =>
        (await t.store.actions.listByTeam(organisation.id, teamId)).map((a) => [a.number, a.title]);
      expect(await numbered(team.id)).toEqual([
        [1, 'Eerste'],
        [2, 'Tweede'],
        [3, 'Derde'],
      ]);
      expect(await numbered(other.id)).toEqual([[1, 'Ander']]);
      expect((await t.store.actions.create(anAction(organisation.id, team.id))).number).toBe(4);
    });
  },
  STORES.filter((kind) => kind.name !== 'memory'),
);
