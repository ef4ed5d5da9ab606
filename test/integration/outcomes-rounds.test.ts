import { expect, it } from 'vitest';
import type { PromptMessage } from '../../src/dialogues/messages.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { changeDirection } from '../../src/dialogues/outcomes/round-figures.js';
import { outcomeFigureText } from '../../src/bot/outcome-figure-text.js';
import { importOutcomes } from '../../src/outcomes/import-outcomes.js';
import { forEachStore } from '../support/db.js';
import { buildOutcomeWorld, HEADER } from '../support/outcome-scenario.js';

const FIGURES = [
  HEADER,
  'eindtoets_1f_lezen,De Linde,Groep 7,2023-2024,91,,27,Eindtoets 1F lezen,%,higher,95,nee',
  'eindtoets_1f_lezen,De Linde,Groep 7,2024-2025,88,,29,,,,,',
  'eindtoets_1f_lezen,De Linde,,2024-2025,90,,80,,,,,',
  'verzuim,De Linde,,2023-2024,4.2,,80,Verzuim,%,lower,4,nee',
  'verzuim,De Linde,,2024-2025,5.1,,82,,,,,',
].join('\n');

forEachStore('outcome figures in rounds', (t) => {
  it('a round carries the snapshots current when it opened, with target, change and direction', async () => {
    const w = await buildOutcomeWorld(t.store);
    expect((await importOutcomes(w.deps, w.organisationId, FIGURES, { personId: null })).ok).toBe(true);
    const opened = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme: 'lezen',
      secondConfirmed: true,
    });
    if (!opened.ok) throw new Error(opened.code);
    const round = opened.value.round;

    const [prompt] = await t.store.deliveries.list(w.organisationId, { roundId: round.id });
    const message = prompt?.message as PromptMessage;
    // The team's own figure wins over the school's; a school-only metric comes from the school.
    expect(message.outcomes).toEqual([
      {
        metricKey: 'eindtoets_1f_lezen',
        name: 'Eindtoets 1F lezen',
        unit: '%',
        value: 88,
        target: 95,
        period: '2024-2025',
        change: -3,
        higherIsBetter: true,
      },
      {
        metricKey: 'verzuim',
        name: 'Verzuim',
        unit: '%',
        value: 5.1,
        target: 4,
        period: '2024-2025',
        change: 0.9,
        higherIsBetter: false,
      },
    ]);
    expect(message.outcomes.map(changeDirection)).toEqual(['worse', 'worse']);
    expect(outcomeFigureText(message.outcomes[0]!, 'nl')).toBe(
      'Eindtoets 1F lezen: 88% (doel 95%), -3 sinds vorige meting (slechter)',
    );
    expect(outcomeFigureText({ ...message.outcomes[1]!, change: -0.4 }, 'en')).toContain('(better)');

    const linked = await t.store.snapshots.listForRound(w.organisationId, round.id);
    expect(linked.map((s) => [s.metricKey, s.subject.kind, s.period])).toEqual([
      ['eindtoets_1f_lezen', 'team', '2024-2025'],
      ['verzuim', 'school', '2024-2025'],
    ]);

    // A later figure does not change what the past round carries; the next round shows it.
    await importOutcomes(
      w.deps,
      w.organisationId,
      `${HEADER}\neindtoets_1f_lezen,De Linde,Groep 7,2025-2026,93,,30,,,,,`,
      { personId: null },
    );
    expect((await t.store.snapshots.listForRound(w.organisationId, round.id)).map((s) => s.period)).toEqual([
      '2024-2025',
      '2024-2025',
    ]);
    const next = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme: 'lezen',
      secondConfirmed: true,
    });
    if (!next.ok) throw new Error(next.code);
    const nextPrompt = (await t.store.deliveries.list(w.organisationId, { roundId: next.value.round.id }))[0]
      ?.message as PromptMessage;
    expect(nextPrompt.outcomes[0]).toMatchObject({ value: 93, change: 5, period: '2025-2026' });
  });

  it("a template's metric keys choose the figures, and a round without figures carries none", async () => {
    const w = await buildOutcomeWorld(t.store);
    const bare = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
    });
    if (!bare.ok) throw new Error(bare.code);
    expect(
      ((await t.store.deliveries.list(w.organisationId, { roundId: bare.value.round.id }))[0]?.message as PromptMessage)
        .outcomes,
    ).toEqual([]);
    await importOutcomes(w.deps, w.organisationId, FIGURES, { personId: null });
    const chosen = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      metricKeys: ['verzuim', 'onbekend'],
      secondConfirmed: true,
    });
    if (!chosen.ok) throw new Error(chosen.code);
    const message = (await t.store.deliveries.list(w.organisationId, { roundId: chosen.value.round.id }))[0]
      ?.message as PromptMessage;
    expect(message.outcomes.map((o) => o.metricKey)).toEqual(['verzuim']);
  });

  it('a new figure below target opens a data-triggered round in the team concerned, once', async () => {
    const w = await buildOutcomeWorld(t.store);
    const define = `${HEADER}\neindtoets_1f_lezen,De Linde,Groep 7,2023-2024,96,,27,Eindtoets 1F lezen,%,higher,95,ja`;
    expect(await importOutcomes(w.deps, w.organisationId, define, { personId: null })).toMatchObject({
      ok: true,
      value: { roundsOpened: 0 },
    });

    const below = `${HEADER}\neindtoets_1f_lezen,De Linde,Groep 7,2024-2025,88,,29,,,,,`;
    expect(await importOutcomes(w.deps, w.organisationId, below, { personId: null })).toMatchObject({
      ok: true,
      value: { roundsOpened: 1 },
    });
    const rounds = await t.store.rounds.list(w.organisationId);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({
      teamId: w.team.id,
      trigger: 'data',
      triggeredBy: null,
      theme: 'Eindtoets 1F lezen',
      metricKeys: ['eindtoets_1f_lezen'],
    });
    const prompt = (await t.store.deliveries.list(w.organisationId, { roundId: rounds[0]!.id }))[0]
      ?.message as PromptMessage;
    expect(prompt.outcomes).toEqual([expect.objectContaining({ value: 88, target: 95, change: -8 })]);
    expect((await t.store.audit.list(w.organisationId)).map((a) => a.action)).toContain('round.data_triggered');

    // Importing the same figure again, an older period below target, or a figure on target: no new round.
    expect(
      await importOutcomes(w.deps, w.organisationId, below.replace(',88,', ',87,'), { personId: null }),
    ).toMatchObject({ value: { updated: 1, roundsOpened: 0 } });
    expect(
      await importOutcomes(
        w.deps,
        w.organisationId,
        `${HEADER}\neindtoets_1f_lezen,De Linde,Groep 7,2022-2023,80,,,,,,,`,
        { personId: null },
      ),
    ).toMatchObject({ value: { roundsOpened: 0 } });
    expect(
      await importOutcomes(
        w.deps,
        w.organisationId,
        `${HEADER}\neindtoets_1f_lezen,De Linde,Groep 7,2025-2026,95,,,,,,,`,
        { personId: null },
      ),
    ).toMatchObject({ value: { roundsOpened: 0 } });
    expect(await t.store.rounds.list(w.organisationId)).toHaveLength(1);
  });

  it('a school figure below target opens a round in every team of the school; metrics not marked open none', async () => {
    const w = await buildOutcomeWorld(t.store);
    const quiet = `${HEADER}\nverzuim,De Linde,,2024-2025,6,,,Verzuim,%,lower,4,nee`;
    expect(await importOutcomes(w.deps, w.organisationId, quiet, { personId: null })).toMatchObject({
      value: { roundsOpened: 0 },
    });
    const marked = `${HEADER}\nverzuim,De Linde,,2025-2026,6.5,,,,,,,ja`;
    expect(await importOutcomes(w.deps, w.organisationId, marked, { personId: null })).toMatchObject({
      value: { roundsOpened: 2 },
    });
    const teams = (await t.store.rounds.list(w.organisationId)).map((r) => r.teamId).sort();
    expect(teams).toEqual([w.team.id, w.other.id].sort());
  });

  it('a file with several periods triggers on its newest figure', async () => {
    const w = await buildOutcomeWorld(t.store);
    const history = `${HEADER}\neindtoets_1f_lezen,De Linde,Groep 8,2023-2024,91,,,Eindtoets 1F lezen,%,higher,95,ja\neindtoets_1f_lezen,De Linde,Groep 8,2024-2025,88,,,,,,,`;
    expect(await importOutcomes(w.deps, w.organisationId, history, { personId: null })).toMatchObject({
      value: { created: 2, roundsOpened: 1 },
    });
    expect((await t.store.rounds.list(w.organisationId)).map((r) => [r.teamId, r.trigger])).toEqual([
      [w.other.id, 'data'],
    ]);
  });
});
