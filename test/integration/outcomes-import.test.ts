import { expect, it } from 'vitest';
import type { Store } from '../../src/dialogues/ports.js';
import { importOutcomes } from '../../src/outcomes/import-outcomes.js';
import { forEachStore } from '../support/db.js';
import { buildOutcomeWorld, HEADER } from '../support/outcome-scenario.js';

const GOOD = [
  HEADER,
  'eindtoets_1f_lezen,De Linde,Groep 7,2023-2024,91,,27,Eindtoets 1F lezen,%,higher,95,nee',
  'eindtoets_1f_lezen,De Linde,Groep 7,2024-2025,88,,29,,,,,',
  'tevredenheid_ouders,De Linde,,2024-2025,7.9,8,118,Tevredenheid ouders,,hoger,7.5,nee',
].join('\n');

async function contents(store: Store, organisationId: string) {
  return { metrics: await store.metrics.list(organisationId), snapshots: await store.snapshots.list(organisationId) };
}

forEachStore('outcome CSV import', (t) => {
  it('imports a good file, and importing it again updates the same figures', async () => {
    const w = await buildOutcomeWorld(t.store);
    const first = await importOutcomes(w.deps, w.organisationId, GOOD, { personId: null }, { source: 'csv:good.csv' });
    expect(first).toEqual({ ok: true, value: { metricsCreated: 2, created: 3, updated: 0, roundsOpened: 0 } });

    const lezen = await t.store.metrics.get(w.organisationId, 'eindtoets_1f_lezen');
    expect(lezen).toMatchObject({
      name: 'Eindtoets 1F lezen',
      unit: '%',
      higherIsBetter: true,
      target: 95,
      triggersRound: false,
    });
    const snapshots = await t.store.snapshots.list(w.organisationId, {
      metricKey: 'eindtoets_1f_lezen',
      subject: { kind: 'team', teamId: w.team.id },
    });
    expect(snapshots.map((s) => [s.period, s.value, s.groupSize, s.source])).toEqual([
      ['2023-2024', 91, 27, 'csv:good.csv'],
      ['2024-2025', 88, 29, 'csv:good.csv'],
    ]);
    const school = await t.store.snapshots.list(w.organisationId, {
      subject: { kind: 'school', schoolId: w.schoolId },
    });
    expect(school.map((s) => [s.metricKey, s.value, s.target])).toEqual([['tevredenheid_ouders', 7.9, 8]]);

    const again = await importOutcomes(w.deps, w.organisationId, GOOD.replace(',2024-2025,88,', ',2024-2025,89.5,'), {
      personId: null,
    });
    expect(again).toEqual({ ok: true, value: { metricsCreated: 0, created: 0, updated: 3, roundsOpened: 0 } });
    const after = await t.store.snapshots.list(w.organisationId, { metricKey: 'eindtoets_1f_lezen' });
    expect(after.map((s) => s.value)).toEqual([91, 89.5]);
    expect(after[1]?.id).toBe(snapshots[1]?.id);
    expect((await t.store.audit.list(w.organisationId)).filter((a) => a.action === 'outcomes.imported')).toHaveLength(
      2,
    );
  });

  it('returns every error of a bad file with its line number and changes nothing', async () => {
    const w = await buildOutcomeWorld(t.store);
    expect((await importOutcomes(w.deps, w.organisationId, GOOD, { personId: null })).ok).toBe(true);
    const before = await contents(t.store, w.organisationId);
    const bad = [
      HEADER,
      'eindtoets_1f_lezen,De Linde,Groep 7,2025-2026,8x,,,,,,,',
      'eindtoets_1f_lezen,De Linde,Groep 9,2025-2026,80,,,,,,,',
      'rekenen_nieuw,De Linde,Groep 7,2025-2026,80,,,,,,,',
      'eindtoets_1f_lezen,De Linde,Groep 8,2025-2026,93,,,,,,,',
      'eindtoets_1f_lezen,De Linde,Groep 8,2025-2026,94,,,,,,,',
      'eindtoets_1f_lezen,De Linde,Groep 7',
      '"verzuim",Het Anker,,2025,"4,1",,abc,Verzuim,%,omlaag,4,misschien',
    ].join('\n');
    const result = await importOutcomes(w.deps, w.organisationId, bad, { personId: null });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'value', 'bad_number'],
      [3, 'team', 'unknown_team'],
      [4, 'name', 'unknown_metric'],
      [6, null, 'duplicate_row'],
      [7, null, 'cell_count'],
      [8, 'group_size', 'bad_integer'],
      [8, 'school', 'unknown_school'],
      [8, 'direction', 'bad_direction'],
      [8, 'triggers_round', 'bad_boolean'],
    ]);
    expect(result.errors.find((e) => e.code === 'duplicate_row')?.params).toEqual({ first: 5 });
    expect(await contents(t.store, w.organisationId)).toEqual(before);
    expect((await t.store.audit.list(w.organisationId)).filter((a) => a.action === 'outcomes.imported')).toHaveLength(
      1,
    );
  });

  it('reports header problems on line 1 and a broken quote on its own line', async () => {
    const w = await buildOutcomeWorld(t.store);
    const header = await importOutcomes(w.deps, w.organisationId, 'metric,school,waarde,kleur\nx,De Linde,1,rood', {
      personId: null,
    });
    // The line's own problem comes with the header's (the missing period is said once, on line 1).
    expect(header.ok ? [] : header.errors.map((e) => [e.line, e.code, e.params])).toEqual([
      [1, 'unknown_column', { column: 'kleur' }],
      [1, 'missing_column', { column: 'period' }],
      [2, 'unknown_metric', { metric: 'x' }],
    ]);
    const quote = await importOutcomes(
      w.deps,
      w.organisationId,
      `${HEADER}\neindtoets_1f_lezen,De Linde,,2025,90,,,,,,,\nx,"De Linde,,2025,1,,,,,,,\n`,
      { personId: null },
    );
    expect(quote.ok ? [] : quote.errors.map((e) => [e.line, e.code])).toEqual([[3, 'syntax']]);
    expect(await importOutcomes(w.deps, w.organisationId, HEADER, { personId: null })).toMatchObject({
      ok: false,
      errors: [{ line: 1, code: 'empty_file' }],
    });
    expect(await contents(t.store, w.organisationId)).toEqual({ metrics: [], snapshots: [] });
  });

  it('reads semicolon-separated files with decimal commas and Dutch headers', async () => {
    const w = await buildOutcomeWorld(t.store);
    const csv =
      '\uFEFFmetriek;school;groep;periode;waarde;naam;eenheid;richting\r\nverzuim;De Linde;Groep 7;2025-2026;4,5;Verzuim;%;lager\r\n';
    expect(await importOutcomes(w.deps, w.organisationId, csv, { personId: null })).toMatchObject({
      ok: true,
      value: { created: 1 },
    });
    expect(await t.store.metrics.get(w.organisationId, 'verzuim')).toMatchObject({ higherIsBetter: false, unit: '%' });
    expect((await t.store.snapshots.list(w.organisationId))[0]?.value).toBe(4.5);
  });

  it('writes nothing when the database fails halfway through an import', async () => {
    const w = await buildOutcomeWorld(t.store);
    let writes = 0;
    const failing: Store = {
      ...t.store,
      transaction: (work) =>
        t.store.transaction((tx) =>
          work({
            ...tx,
            snapshots: {
              ...tx.snapshots,
              upsert: async (s) => {
                if ((writes += 1) === 2) throw new Error('disk full');
                return tx.snapshots.upsert(s);
              },
            },
          }),
        ),
    };
    await expect(
      importOutcomes({ ...w.deps, store: failing }, w.organisationId, GOOD, { personId: null }),
    ).rejects.toThrow('disk full');
    expect(writes).toBe(2);
    expect(await contents(t.store, w.organisationId)).toEqual({ metrics: [], snapshots: [] });
  });

  it('lets a coordinator import only for the schools and teams they coordinate', async () => {
    const w = await buildOutcomeWorld(t.store);
    const coordinator = await w.person('Anouk', 'coordinator', { kind: 'team', teamId: w.team.id });
    // The metrics are defined by the organisation first: a team coordinator never creates one.
    const definitions = [
      HEADER,
      'eindtoets_1f_lezen,De Linde,,2022-2023,90,,,Eindtoets 1F lezen,%,higher,95,nee',
      'tevredenheid_ouders,De Linde,,2022-2023,7,,,Tevredenheid ouders,,hoger,7.5,nee',
    ];
    expect((await importOutcomes(w.deps, w.organisationId, definitions.join('\n'), { personId: null })).ok).toBe(true);
    const result = await importOutcomes(w.deps, w.organisationId, GOOD, { personId: coordinator.id });
    expect(result.ok ? [] : result.errors.map((e) => [e.line, e.code])).toEqual([[4, 'not_allowed']]);
    const own = GOOD.split('\n').slice(0, 3).join('\n');
    expect(await importOutcomes(w.deps, w.organisationId, own, { personId: coordinator.id })).toMatchObject({
      ok: true,
      value: { created: 2 },
    });
    const member = await w.person('Bram', 'member');
    const refused = await importOutcomes(w.deps, w.organisationId, own, { personId: member.id });
    expect(refused.ok ? [] : refused.errors.map((e) => e.code)).toEqual(['not_allowed', 'not_allowed']);
  });

  it('keeps metric definitions organisation-wide: a team or school coordinator imports figures, never (re)defines a metric', async () => {
    const w = await buildOutcomeWorld(t.store);
    const board = await w.person('Bestuur', 'coordinator', { kind: 'organisation' });
    const verzuim = 'ongeoorloofd_verzuim,De Linde,Groep 7,2024-2025,3.1,,,Ongeoorloofd verzuim,%,lower,2,nee';
    expect(
      (await importOutcomes(w.deps, w.organisationId, [HEADER, verzuim].join('\n'), { personId: board.id })).ok,
    ).toBe(true);
    const defined = await t.store.metrics.get(w.organisationId, 'ongeoorloofd_verzuim');
    const teamCoordinator = await w.person('Anouk', 'coordinator', { kind: 'team', teamId: w.team.id });
    const schoolCoordinator = await w.person('Sam', 'coordinator', { kind: 'school', schoolId: w.schoolId });

    for (const actor of [teamCoordinator, schoolCoordinator]) {
      // What a team coordinator's row did before: turn the board-wide metric around (200 OK).
      const redefine = [
        HEADER,
        'ongeoorloofd_verzuim,De Linde,Groep 7,2025-2026,2.5,,,Verzuim (team),‰,higher,0,ja',
      ].join('\n');
      const refused = await importOutcomes(w.deps, w.organisationId, redefine, { personId: actor.id });
      expect(refused.ok ? [] : refused.errors.map((e) => [e.line, e.column, e.code])).toEqual([
        [2, 'name', 'metric_redefine_not_allowed'],
        [2, 'unit', 'metric_redefine_not_allowed'],
        [2, 'direction', 'metric_redefine_not_allowed'],
        [2, 'metric_target', 'metric_redefine_not_allowed'],
        [2, 'triggers_round', 'metric_redefine_not_allowed'],
      ]);
      const created = await importOutcomes(
        w.deps,
        w.organisationId,
        [HEADER, 'nieuw_cijfer,De Linde,Groep 7,2025-2026,1,,,Nieuw cijfer,,,,'].join('\n'),
        { personId: actor.id },
      );
      expect(created.ok ? [] : created.errors.map((e) => [e.line, e.column, e.code])).toEqual([
        [2, 'name', 'metric_create_not_allowed'],
      ]);
      expect(await t.store.metrics.get(w.organisationId, 'ongeoorloofd_verzuim')).toEqual(defined);
      expect(await t.store.metrics.get(w.organisationId, 'nieuw_cijfer')).toBeNull();
    }
    // Figures within their scope, and the definition repeated as it stands (a file exported and read back), are fine.
    const figures = [
      HEADER,
      'ongeoorloofd_verzuim,De Linde,Groep 7,2025-2026,2.5,,,,,,,',
      'ongeoorloofd_verzuim,De Linde,Groep 7,2023-2024,3.4,,,Ongeoorloofd verzuim,%,lager,2,nee',
    ].join('\n');
    expect(await importOutcomes(w.deps, w.organisationId, figures, { personId: teamCoordinator.id })).toMatchObject({
      ok: true,
      value: { created: 2, metricsCreated: 0 },
    });
    expect(await t.store.metrics.get(w.organisationId, 'ongeoorloofd_verzuim')).toMatchObject({
      name: 'Ongeoorloofd verzuim',
      unit: '%',
      higherIsBetter: false,
      target: 2,
      triggersRound: false,
    });
    // An organisation coordinator may redefine it.
    const redefined = [
      HEADER,
      'ongeoorloofd_verzuim,De Linde,,2025-2026,2.9,,,Ongeoorloofd verzuim,%,lower,1.5,ja',
    ].join('\n');
    expect((await importOutcomes(w.deps, w.organisationId, redefined, { personId: board.id })).ok).toBe(true);
    expect(await t.store.metrics.get(w.organisationId, 'ongeoorloofd_verzuim')).toMatchObject({
      target: 1.5,
      triggersRound: true,
    });
  });
});
