import { describe, expect, it } from 'vitest';
import { createSchedule } from '../../src/dialogues/manage-schedules.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { aTemplate } from '../integration/builders.js';
import { buildWorld, type World } from '../support/world.js';

// The rules live in the use cases, not in the adapter that calls them: a Slack command, a Teams
// command and a web form all get the same refusal, and a refusal stores nothing.

async function snapshot(w: World) {
  return {
    rounds: await w.store.rounds.list(w.organisationId),
    schedules: await w.store.schedules.list(w.organisationId),
    audit: await w.store.audit.list(w.organisationId),
    deliveries: await w.store.deliveries.list(w.organisationId),
  };
}

describe('openRound checks who started it', () => {
  it('refuses an ad-hoc round started by a plain team member, and stores nothing', async () => {
    const w = await buildWorld();
    const member = await w.person('Mo', 'member');
    const before = await snapshot(w);
    const opened = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.team.id,
      trigger: 'ad_hoc',
      triggeredBy: member.id,
      template: null,
      theme: 'lezen',
    });
    expect(opened).toEqual({ ok: false, code: 'permission.denied', details: { role: 'coordinator' } });
    expect(await snapshot(w)).toEqual(before);
  });

  it("accepts a coordinator of the team's school, and a round nobody clicked (a schedule's)", async () => {
    const w = await buildWorld();
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'school', schoolId: w.schoolId });
    const base = { organisationId: w.organisationId, teamId: w.team.id, template: null };
    const adHoc = await openRound(w.deps, { ...base, trigger: 'ad_hoc', triggeredBy: coordinator.id, theme: 'lezen' });
    expect(adHoc).toMatchObject({ ok: true, value: { created: true, team: { id: w.team.id } } });
    const scheduled = await openRound(w.deps, {
      ...base,
      trigger: 'scheduled',
      triggeredBy: null,
      scheduleId: 'schedule-1',
      occurrenceAt: new Date('2026-11-30T08:00:00Z'),
    });
    expect(scheduled).toMatchObject({ ok: true, value: { created: true } });
  });
});

describe('createSchedule checks the recurrence itself', () => {
  async function scene() {
    const w = await buildWorld();
    const coordinator = await w.person('Coby', 'coordinator', { kind: 'organisation' });
    const template = aTemplate(w.organisationId);
    await w.store.templates.create(template);
    const input = {
      organisationId: w.organisationId,
      actorPersonId: coordinator.id,
      templateId: template.id,
      teamIds: [w.team.id],
      cron: '0 9 * * 1',
      timeZone: 'Europe/Amsterdam',
      blackouts: [],
    };
    return { w, input };
  }

  it('refuses a cron expression that does not parse, one that never fires and a seconds field, storing nothing', async () => {
    const { w, input } = await scene();
    const before = await snapshot(w);
    for (const cron of ['elke maandag', '0 9 31 2 *', '*/1 * * * * *']) {
      expect(await createSchedule(w.deps, { ...input, cron })).toEqual({
        ok: false,
        code: 'schedule.invalid_cron',
        details: { cron },
      });
    }
    expect(await snapshot(w)).toEqual(before);
  });

  it('refuses an unknown time zone, storing nothing', async () => {
    const { w, input } = await scene();
    const before = await snapshot(w);
    expect(await createSchedule(w.deps, { ...input, timeZone: 'Europe/Atlantis' })).toEqual({
      ok: false,
      code: 'schedule.invalid_time_zone',
      details: { timeZone: 'Europe/Atlantis' },
    });
    expect(await snapshot(w)).toEqual(before);
  });

  it('stores a valid expression normalised, as the tick will read it', async () => {
    const { w, input } = await scene();
    const created = await createSchedule(w.deps, { ...input, cron: '  0  9 * *   1 ' });
    expect(created).toMatchObject({ ok: true, value: { cron: '0 9 * * 1' } });
    expect((await w.store.schedules.list(w.organisationId)).map((s) => s.cron)).toEqual(['0 9 * * 1']);
  });
});
