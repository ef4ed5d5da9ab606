import { expect, it } from 'vitest';
import type { Store } from '../../src/dialogues/ports.js';
import { migrateDown, migrateToLatest } from '../../src/store/migrate.js';
import { anAction, anOrganisation, aSchool, aTeam } from '../support/builders.js';
import { forEachStore, STORES } from '../support/db.js';

const MIGRATION = '20250613-1201-action-history';

async function aTeamOf(store: Store) {
  const organisation = anOrganisation();
  await store.organisations.create(organisation);
  const school = aSchool(organisation.id);
  await store.schools.create(school);
  const team = aTeam(organisation.id, school.id);
  await store.teams.create(team);
  return { organisation, team };
}

forEachStore(
  'action history: recorded on every follow-up change, and built for existing actions by the migration',
  (t) => {
    it('records a state when an action is made and when its status, owner or due date changes, not on a reminder', async () => {
      const { organisation, team } = await aTeamOf(t.store);
      const made = new Date('2025-09-10T10:00:00Z');
      const action = anAction(organisation.id, team.id, { dueOn: null, createdAt: made, updatedAt: made });
      await t.store.actions.create(action);
      const at = (iso: string) => new Date(iso);
      await t.store.actions.update(organisation.id, action.id, {
        dueOn: '2025-10-01',
        updatedAt: at('2025-09-12T10:00:00Z'),
      });
      await t.store.actions.update(organisation.id, action.id, {
        remindedAt: at('2025-10-02T10:00:00Z'),
        updatedAt: at('2025-09-12T10:00:00Z'),
      });
      await t.store.actions.update(organisation.id, action.id, {
        status: 'done',
        updatedAt: at('2025-10-05T10:00:00Z'),
      });
      const states = (before: string) => t.store.actions.history(organisation.id, [team.id], new Date(before));
      expect((await states('2026-01-01')).map((s) => [s.at.toISOString(), s.status, s.dueOn, s.hasOwner])).toEqual([
        ['2025-09-10T10:00:00.000Z', 'open', null, false],
        ['2025-09-12T10:00:00.000Z', 'open', '2025-10-01', false],
        ['2025-10-05T10:00:00.000Z', 'done', '2025-10-01', false],
      ]);
      expect(await states('2025-09-12T10:00:00Z')).toHaveLength(1);
      expect(await t.store.actions.history(organisation.id, ['another-team'], new Date('2026-01-01'))).toEqual([]);
    });

    it('gives existing actions their history from their creation, the audit log and, where that ends short, today', async () => {
      const db = t.db;
      if (db === null) throw new Error('a SQL store');
      const { organisation, team } = await aTeamOf(t.store);
      // Rows as a database from before the migration holds them: the actions as they are today, and
      // the audit entries updateAction wrote (the second action's were purged by retention).
      const traced = anAction(organisation.id, team.id, {
        title: 'Met spoor',
        ownerPersonId: null,
        dueOn: '2025-11-01',
        status: 'done',
        createdAt: new Date('2025-09-01T08:00:00Z'),
        updatedAt: new Date('2025-10-20T08:00:00Z'),
      });
      const purged = anAction(organisation.id, team.id, {
        title: 'Zonder spoor',
        dueOn: null,
        status: 'in_progress',
        createdAt: new Date('2025-09-02T08:00:00Z'),
        updatedAt: new Date('2025-12-01T08:00:00Z'),
      });
      for (const action of [traced, purged]) await t.store.actions.create(action);
      for (const [at, details] of [
        ['2025-09-05T08:00:00Z', { ownerPersonId: 'p1', dueOn: '2025-11-01' }],
        ['2025-10-01T08:00:00Z', { status: 'in_progress' }],
        ['2025-10-20T08:00:00Z', { status: 'done', ownerPersonId: null }],
      ] as const)
        await t.store.audit.record({
          organisationId: organisation.id,
          actorPersonId: null,
          action: 'action.updated',
          subject: `action:${traced.id}`,
          details: { ...details },
          at: new Date(at),
        });

      let undone: string[] = [];
      while (!undone.includes(MIGRATION)) undone = await migrateDown(db);
      await migrateToLatest(db);

      const history = await t.store.actions.history(organisation.id, [team.id], new Date('2026-01-01'));
      const of = (id: string) =>
        history
          .filter((h) => h.actionId === id)
          .map((h) => [h.at.toISOString().slice(0, 10), h.status, h.dueOn, h.hasOwner]);
      expect(of(traced.id)).toEqual([
        ['2025-09-01', 'open', null, false],
        ['2025-09-05', 'open', '2025-11-01', true],
        ['2025-10-01', 'in_progress', '2025-11-01', true],
        ['2025-10-20', 'done', '2025-11-01', false],
      ]);
      expect(of(purged.id)).toEqual([
        ['2025-09-02', 'open', null, false],
        ['2025-12-01', 'in_progress', null, false],
      ]);
    });
  },
  STORES.filter((kind) => kind.name !== 'memory'),
);
