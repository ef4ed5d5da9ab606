import type { DialogueDeps } from './dialogues/deps.js';
import type { Person, Role, Scope, Team } from './dialogues/model.js';
import { QUESTION_KEYS } from './dialogues/questions.js';

/** The local web channel's workspace id: one per organisation, no platform behind it. */
export const LOCAL_WORKSPACE = 'local';

const SCHOOLS: { name: string; teams: { name: string; members: string[] }[] }[] = [
  {
    name: 'De Regenboog',
    teams: [
      { name: 'Groep 1-2', members: ['Anouk de Vries', 'Bram Jansen', 'Carla Bakker'] },
      { name: 'Groep 3-5', members: ['Daan Visser', 'Eva Smit', 'Fatima El Amrani'] },
      { name: 'Groep 6-8', members: ['Gijs Mulder', 'Hanna de Boer', 'Iris Meijer', 'Jeroen Bos'] },
    ],
  },
  {
    name: 'Het Kompas',
    teams: [
      { name: 'Onderbouw', members: ['Kees van Dijk', 'Lisa Peters', 'Mohamed Yilmaz'] },
      { name: 'Bovenbouw', members: ['Noor Hendriks', 'Olaf Dekker', 'Priya Sharma'] },
    ],
  },
];

export interface DemoBoard {
  organisationId: string;
  coordinatorId: string;
  leaderId: string;
  teams: Team[];
}

/**
 * A demo school board for the local trial: one board, two schools, a few teams with members and
 * a web channel each, one coordinator, one leader, one template and a weekly Monday 09:00
 * schedule. Does nothing when any organisation exists already.
 */
export async function seedDemoBoard(deps: DialogueDeps, options: { timeZone?: string } = {}): Promise<DemoBoard | null> {
  const { store } = deps;
  if ((await store.organisations.list()).length > 0) return null;
  const now = deps.clock.now();
  const timeZone = options.timeZone ?? 'Europe/Amsterdam';
  const organisationId = deps.newId();
  const teams: Team[] = [];
  const board = await store.transaction(async (tx) => {
    await tx.organisations.create({ id: organisationId, name: 'Stichting De Vijf Wegen', locale: 'nl', timeZone, retentionDays: 730, createdAt: now });
    await tx.workspaces.link('web', LOCAL_WORKSPACE, organisationId);
    const addPerson = async (displayName: string, grants: { role: Role; scope: Scope }[]): Promise<Person> => {
      const person: Person = { id: deps.newId(), organisationId, displayName, locale: 'nl', email: null, createdAt: now };
      await tx.people.create(person);
      await tx.people.addIdentity({ personId: person.id, organisationId, platform: 'web', workspaceId: LOCAL_WORKSPACE, userId: person.id });
      for (const grant of grants) await tx.people.grantRole({ organisationId, personId: person.id, ...grant });
      return person;
    };
    const coordinator = await addPerson('Coby Koster (coördinator)', [{ role: 'coordinator', scope: { kind: 'organisation' } }]);
    const leader = await addPerson('Lotte Leeuwen (bestuurder)', [{ role: 'leader', scope: { kind: 'organisation' } }]);
    for (const school of SCHOOLS) {
      const schoolId = deps.newId();
      await tx.schools.create({ id: schoolId, organisationId, name: school.name });
      for (const spec of school.teams) {
        const team: Team = { id: deps.newId(), organisationId, schoolId, name: spec.name };
        await tx.teams.create(team);
        teams.push(team);
        const slug = `${school.name}-${spec.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
        await tx.bindings.upsert({ id: deps.newId(), organisationId, teamId: team.id, platform: 'web', workspaceId: LOCAL_WORKSPACE, channelId: slug, name: `#${slug}`, address: {}, createdAt: now });
        await tx.people.grantRole({ organisationId, personId: coordinator.id, role: 'member', scope: { kind: 'team', teamId: team.id } });
        for (const name of spec.members) await addPerson(name, [{ role: 'member', scope: { kind: 'team', teamId: team.id } }]);
      }
    }
    const templateId = deps.newId();
    await tx.templates.create({
      id: templateId,
      organisationId,
      name: 'Weekdialoog',
      theme: 'begrijpend lezen',
      aspect: 'kwaliteitszorg',
      questions: QUESTION_KEYS.map((key) => ({ key })),
      metricKeys: ['eindtoets_1f_lezen'],
      responseWindowHours: 72,
      remindAfterHours: 24,
      anonymous: false,
      createdAt: now,
    });
    await tx.schedules.create({
      id: deps.newId(),
      organisationId,
      templateId,
      teamIds: teams.map((t) => t.id),
      cron: '0 9 * * 1',
      timeZone,
      blackouts: [
        { from: '2026-12-19', to: '2027-01-03', label: 'Kerstvakantie' },
        { from: '2027-02-20', to: '2027-02-28', label: 'Voorjaarsvakantie' },
      ],
      paused: false,
      createdAt: now,
    });
    return { organisationId, coordinatorId: coordinator.id, leaderId: leader.id, teams };
  });
  deps.log.info({ organisationId, teams: teams.length }, 'demo school board seeded');
  return board;
}
