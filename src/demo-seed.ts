import { seedDemoHistory, type HistoryBoard, type HistoryCounts, type HistoryTemplate } from './demo-history.js';
import { DEMO_TEMPLATES } from './demo-texts.js';
import type { DialogueDeps } from './dialogues/deps.js';
import type { Aspect, Locale, Person, Role, Scope, Team } from './dialogues/model.js';
import { QUESTION_KEYS } from './dialogues/questions.js';
import { DEFAULT_TIME_ZONE } from './dialogues/time-zone.js';

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
  /** What the school year of history holds; null when seeded without it. */
  history: HistoryCounts | null;
}

export interface DemoOptions {
  timeZone?: string;
  /** The board's and its people's language (DEFAULT_LOCALE); the demo's texts follow it. */
  locale?: Locale;
  /** Add a school year of rounds, answers, actions and outcome figures (`npm start` does). */
  history?: boolean;
}

const TEMPLATE_SHAPES: { aspect: Aspect; metricKeys: string[] }[] = [
  { aspect: 'kwaliteitszorg', metricKeys: ['eindtoets_1f_lezen'] },
  { aspect: 'hrm', metricKeys: [] },
  { aspect: 'leiderschap', metricKeys: [] },
];

/**
 * A demo school board for the local trial: one board, two schools, a few teams with members and
 * a web channel each, one coordinator, one leader, three templates and a weekly Monday 09:00
 * schedule; with `history`, a school year of dialogue behind it (demo-history.ts). Does nothing
 * when any organisation exists already, so only a fresh database gets it.
 */
export async function seedDemoBoard(deps: DialogueDeps, options: DemoOptions = {}): Promise<DemoBoard | null> {
  const { store } = deps;
  if ((await store.organisations.list()).length > 0) return null;
  const now = deps.clock.now();
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const locale = options.locale ?? 'nl';
  const organisationId = deps.newId();
  const teams: Team[] = [];
  const schools: { id: string; steady: boolean; teams: { team: Team; memberIds: string[] }[] }[] = [];
  const board = await store.transaction(async (tx) => {
    await tx.organisations.create({
      id: organisationId,
      name: 'Stichting De Vijf Wegen',
      locale,
      timeZone,
      retentionDays: 730,
      createdAt: now,
    });
    await tx.workspaces.link('web', LOCAL_WORKSPACE, organisationId);
    const addPerson = async (displayName: string, grants: { role: Role; scope: Scope }[]): Promise<Person> => {
      const person: Person = {
        id: deps.newId(),
        organisationId,
        displayName,
        locale,
        email: null,
        createdAt: now,
      };
      await tx.people.create(person);
      await tx.people.addIdentity({
        personId: person.id,
        organisationId,
        platform: 'web',
        workspaceId: LOCAL_WORKSPACE,
        userId: person.id,
      });
      for (const grant of grants) await tx.people.grantRole({ organisationId, personId: person.id, ...grant });
      return person;
    };
    const coordinator = await addPerson(locale === 'nl' ? 'Coby Koster (coördinator)' : 'Coby Koster (coordinator)', [
      { role: 'coordinator', scope: { kind: 'organisation' } },
    ]);
    const leader = await addPerson(locale === 'nl' ? 'Lotte Leeuwen (bestuurder)' : 'Lotte Leeuwen (board)', [
      { role: 'leader', scope: { kind: 'organisation' } },
    ]);
    for (const [n, school] of SCHOOLS.entries()) {
      const schoolId = deps.newId();
      await tx.schools.create({ id: schoolId, organisationId, name: school.name });
      const seeded = { id: schoolId, steady: n === 0, teams: [] as { team: Team; memberIds: string[] }[] };
      schools.push(seeded);
      for (const spec of school.teams) {
        const team: Team = { id: deps.newId(), organisationId, schoolId, name: spec.name };
        await tx.teams.create(team);
        teams.push(team);
        const slug = `${school.name}-${spec.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
        await tx.bindings.upsert({
          id: deps.newId(),
          organisationId,
          teamId: team.id,
          platform: 'web',
          workspaceId: LOCAL_WORKSPACE,
          channelId: slug,
          name: `#${slug}`,
          address: {},
          createdAt: now,
        });
        await tx.people.grantRole({
          organisationId,
          personId: coordinator.id,
          role: 'member',
          scope: { kind: 'team', teamId: team.id },
        });
        const memberIds: string[] = [];
        for (const name of spec.members)
          memberIds.push((await addPerson(name, [{ role: 'member', scope: { kind: 'team', teamId: team.id } }])).id);
        seeded.teams.push({ team, memberIds });
      }
    }
    const templates: HistoryTemplate[] = [];
    for (const [n, words] of DEMO_TEMPLATES[locale].entries()) {
      const shape = TEMPLATE_SHAPES[n]!;
      const template = { id: deps.newId(), theme: words.theme, ...shape };
      templates.push(template);
      await tx.templates.create({
        ...template,
        organisationId,
        name: words.name,
        questions: QUESTION_KEYS.map((key) => ({ key })),
        responseWindowHours: 72,
        remindAfterHours: 24,
        anonymous: false,
        audience: 'team',
        shareWhileOpen: false,
        createdAt: now,
      });
    }
    const scheduleId = deps.newId();
    await tx.schedules.create({
      id: scheduleId,
      organisationId,
      templateId: templates[0]!.id,
      teamIds: teams.map((t) => t.id),
      cron: '0 9 * * 1',
      timeZone,
      blackouts: [
        { from: '2026-12-19', to: '2027-01-03', label: locale === 'nl' ? 'Kerstvakantie' : 'Christmas holiday' },
        { from: '2027-02-20', to: '2027-02-28', label: locale === 'nl' ? 'Voorjaarsvakantie' : 'Spring half-term' },
      ],
      paused: false,
      visibility: null,
      shareWhileOpen: null,
      everyWeeks: 1,
      firstWeek: now.toISOString().slice(0, 10),
      windowHours: null,
      createdAt: now,
    });
    const history: HistoryBoard = {
      organisationId,
      timeZone,
      locale,
      coordinatorId: coordinator.id,
      scheduleId,
      templates,
      schools,
    };
    return {
      organisationId,
      coordinatorId: coordinator.id,
      leaderId: leader.id,
      teams,
      history: options.history ? await seedDemoHistory(deps, tx, history) : null,
    };
  });
  deps.log.info({ organisationId, teams: teams.length, history: board.history }, 'demo school board seeded');
  return board;
}
