import { describe, expect, it } from 'vitest';
import { covers, holds } from '../../src/dialogues/access.js';
import type { RoleGrant } from '../../src/dialogues/model.js';
import { mapThreadText } from '../../src/dialogues/thread-rule.js';
import { findTeam } from '../../src/dialogues/find-team.js';
import { buildWorld } from '../support/world.js';

const grant = (role: RoleGrant['role'], scope: RoleGrant['scope']): RoleGrant => ({
  personId: 'p',
  organisationId: 'o',
  role,
  scope,
});

describe('scoped roles', () => {
  const team = { kind: 'team' as const, teamId: 't1', schoolId: 's1' };
  it('lets an organisation grant cover every team, a school grant only its own teams', () => {
    expect(covers(grant('coordinator', { kind: 'organisation' }), team)).toBe(true);
    expect(covers(grant('coordinator', { kind: 'school', schoolId: 's1' }), team)).toBe(true);
    expect(covers(grant('coordinator', { kind: 'school', schoolId: 's2' }), team)).toBe(false);
    expect(covers(grant('coordinator', { kind: 'team', teamId: 't2' }), team)).toBe(false);
    expect(covers(grant('leader', { kind: 'school', schoolId: 's1' }), { kind: 'organisation' })).toBe(false);
  });
  it('checks the role, not just any grant', () => {
    expect(holds([grant('member', { kind: 'organisation' })], 'coordinator', team)).toBe(false);
    expect(holds([grant('member', { kind: 'team', teamId: 't1' })], ['member', 'leader'], team)).toBe(true);
  });
});

describe('the thread rule', () => {
  it.each([
    ['1. We doen de goede dingen', 'right_things', 'We doen de goede dingen'],
    ['3: toetsresultaten', 'evidence', 'toetsresultaten'],
    ['5) een leesplan', 'next_steps', 'een leesplan'],
    ['Vraag 2: deels', 'done_well', 'deels'],
    ['  4.ouderraad', 'outside_view', 'ouderraad'],
    ['6. geen vraag', null, '6. geen vraag'],
    ['Goed gesprek vandaag', null, 'Goed gesprek vandaag'],
    ['2026 was een goed jaar', null, '2026 was een goed jaar'],
  ])('maps %j', (text, key, rest) => {
    expect(mapThreadText(text)).toEqual({ questionKey: key, text: rest });
  });
});

describe('finding a team', () => {
  it('finds by id, by name case-insensitively, and by "School / Team"', async () => {
    const w = await buildWorld();
    await w.store.schools.create({ id: 's2', organisationId: w.organisationId, name: 'Het Anker' });
    await w.store.teams.create({ id: 'other7', organisationId: w.organisationId, schoolId: 's2', name: 'Groep 7' });
    expect((await findTeam(w.store, w.organisationId, w.team.id)).ok).toBe(true);
    expect(await findTeam(w.store, w.organisationId, 'groep 7')).toMatchObject({ ok: false, code: 'team.ambiguous' });
    expect(await findTeam(w.store, w.organisationId, 'Het Anker / groep 7')).toMatchObject({
      ok: true,
      value: { id: 'other7' },
    });
    expect(await findTeam(w.store, w.organisationId, 'Groep 9')).toMatchObject({ ok: false, code: 'team.not_found' });
  });
});
