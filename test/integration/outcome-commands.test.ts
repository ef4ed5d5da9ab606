import { expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { runCommand, type CommandContext, type CommandFeatures } from '../../src/bot/commands/run-command.js';
import { guestUrl, signGuestToken, verifyGuestToken } from '../../src/services/guest-token.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { closeDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { importOutcomes } from '../../src/outcomes/import-outcomes.js';
import { forEachStore } from '../support/db.js';
import { buildOutcomeWorld, HEADER, type OutcomeWorld } from '../support/outcome-scenario.js';

const features = (w: OutcomeWorld): CommandFeatures => ({
  guestLink: async (invitation) =>
    guestUrl('https://vijfvragen.example', await signGuestToken(w.deps.tokenSecret, invitation)),
});

async function say(w: OutcomeWorld, personId: string, text: string, locale: 'nl' | 'en' = 'nl') {
  const ctx: CommandContext = { organisationId: w.organisationId, personId, locale, channel: null, binding: w.binding };
  return runCommand(w.deps, features(w), ctx, parseCommand(text));
}

forEachStore('follow-up chat commands', (t) => {
  it("a coordinator records one figure for the channel's team or a named school; a member may not", async () => {
    const w = await buildOutcomeWorld(t.store);
    await importOutcomes(
      w.deps,
      w.organisationId,
      `${HEADER}\neindtoets_1f_lezen,De Linde,Groep 7,2023-2024,91,,,Eindtoets 1F lezen,%,higher,95,nee`,
      { personId: null },
    );
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'school', schoolId: w.schoolId });
    const member = await w.person('Mo');

    expect(await say(w, coordinator.id, 'cijfer eindtoets_1f_lezen 88,5 2024-2025')).toEqual({
      kind: 'text',
      visibility: 'private',
      text: 'Eindtoets 1F lezen voor Groep 7 (2024-2025) bewaard: 88,5%.',
    });
    expect(await say(w, coordinator.id, 'figure eindtoets_1f_lezen 90 De Linde', 'en')).toMatchObject({
      text: 'Eindtoets 1F lezen for De Linde (2026-11) saved: 90%.',
    });
    const snapshots = await t.store.snapshots.list(w.organisationId, { metricKey: 'eindtoets_1f_lezen' });
    expect(snapshots.map((s) => [s.subject.kind, s.period, s.value, s.source])).toEqual([
      ['school', '2026-11', 90, `chat:${coordinator.id}`],
      ['team', '2023-2024', 91, 'csv'],
      ['team', '2024-2025', 88.5, `chat:${coordinator.id}`],
    ]);

    expect(await say(w, member.id, 'cijfer eindtoets_1f_lezen 70')).toMatchObject({
      kind: 'error',
      text: 'Je bent geen coördinator van Groep 7.',
    });
    expect(await say(w, coordinator.id, 'cijfer onbekend 70')).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('Metriek "onbekend" bestaat nog niet'),
    });
    expect(await say(w, coordinator.id, 'cijfer eindtoets_1f_lezen veel')).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('"veel" is geen getal'),
    });
    expect(await say(w, coordinator.id, 'cijfer eindtoets_1f_lezen 70 Groep 99')).toMatchObject({
      kind: 'error',
      code: 'team.not_found',
    });
    expect(await t.store.snapshots.list(w.organisationId)).toHaveLength(3);
  });

  it("a coordinator invites a guest to the team's last closed round and revokes the link in chat", async () => {
    const w = await buildOutcomeWorld(t.store);
    const coordinator = await w.person('Coby', 'coordinator');
    const opened = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme: 'rekenen',
    });
    if (!opened.ok) throw new Error(opened.code);
    expect(await say(w, coordinator.id, 'meekijker laatste MR')).toMatchObject({
      kind: 'error',
      text: 'Die ronde bestaat niet (meer).',
    });
    expect(await say(w, coordinator.id, `meekijker ${opened.value.round.id} MR`)).toMatchObject({
      kind: 'error',
      text: 'Meekijkers nodig je uit als de ronde gesloten is.',
    });
    w.deps.clock.advance(49 * 3_600_000);
    await closeDueRounds(w.deps);

    const invited = await say(w, coordinator.id, 'meekijker laatste MR De Linde');
    const text = invited.kind === 'text' ? invited.text : '';
    expect(text).toMatch(
      /^Meekijker "MR De Linde" uitgenodigd voor de ronde "rekenen"\. Deel deze link, geldig tot 2026-12-09: https:\/\/vijfvragen\.example\/guest\//,
    );
    const token = decodeURIComponent(text.split('/guest/')[1] ?? '');
    const check = await verifyGuestToken(w.deps.tokenSecret, token, w.deps.clock.now());
    expect(check.status).toBe('valid');
    const invitationId = check.status === 'valid' ? check.invitationId : '';
    expect(await say(w, coordinator.id, `meekijker intrekken ${invitationId}`)).toMatchObject({
      kind: 'text',
      text: 'De uitnodiging is ingetrokken; de link werkt niet meer.',
    });
    expect((await t.store.guests.get(w.organisationId, invitationId))?.revokedAt).not.toBeNull();
    expect(await say(w, coordinator.id, 'meekijker intrekken bestaat-niet')).toMatchObject({
      kind: 'error',
      text: 'Die uitnodiging bestaat niet.',
    });
    expect(
      await runCommand(
        w.deps,
        {},
        { organisationId: w.organisationId, personId: coordinator.id, locale: 'nl', channel: null, binding: w.binding },
        parseCommand('meekijker laatste MR'),
      ),
    ).toMatchObject({ text: 'Meekijkers uitnodigen kan hier niet.' });
  });
});
