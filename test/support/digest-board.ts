import type { Person, Role, Round, Scope, Team } from '../../src/dialogues/model.js';
import type { Store } from '../../src/dialogues/ports.js';
import { aBinding, anAction, anOrganisation, aPerson, aReply, aRound, aSchool, aTeam, id } from './builders.js';

/** Week 2026-W47 runs from Monday 16 to Sunday 22 November 2026 (Europe/Amsterdam). */
export const WEEK = '2026-W47';
export const IN_WEEK = new Date('2026-11-17T09:00:00Z');
/** A quoted answer that tries everything: a channel ping, a disguised link, markdown, HTML. */
export const HOSTILE =
  '<!channel> @here kijk *hier* <https://evil.example|veilig> [klik](https://evil.example) <script>alert(1)</script>';

export interface DigestBoard {
  organisationId: string;
  schoolA: { id: string; name: string };
  schoolB: { id: string; name: string };
  groep7: Team;
  groep8: Team;
  groep3: Team;
  bovenbouw: Team;
  boardLeader: Person;
  schoolLeaderA: Person;
  coordinator: Person;
  teacher: Person;
  names: Record<string, Person>;
}

/**
 * A board for digest and dashboard tests, on any Store. School A "De Linde": Groep 7 (four
 * members, a named round in week 47 answering all five questions, one guest view), Groep 8 (two
 * members: a small group) and Groep 3 (never had a round). School B "Het Anker": Bovenbouw (three
 * members, an anonymous round). Outcome figures for school A and a too-small figure for Groep 8.
 */
export async function seedDigestBoard(store: Store): Promise<DigestBoard> {
  const created = new Date('2026-09-01T08:00:00Z');
  const organisation = anOrganisation({
    name: 'Stichting Test',
    timeZone: 'Europe/Amsterdam',
    locale: 'nl',
    createdAt: created,
  });
  const organisationId = organisation.id;
  await store.organisations.create(organisation);
  const schoolA = aSchool(organisationId, { name: 'De Linde' });
  const schoolB = aSchool(organisationId, { name: 'Het Anker' });
  await store.schools.create(schoolA);
  await store.schools.create(schoolB);
  const team = async (schoolId: string, name: string) => {
    const value = aTeam(organisationId, schoolId, { name });
    await store.teams.create(value);
    await store.bindings.upsert(
      aBinding(organisationId, value.id, {
        platform: 'web',
        workspaceId: 'local',
        channelId: `${name.toLowerCase().replace(/\s/g, '-')}-${organisationId.slice(0, 8)}`,
        name: `#${name}`,
        createdAt: created,
      }),
    );
    return value;
  };
  const groep7 = await team(schoolA.id, 'Groep 7');
  const groep8 = await team(schoolA.id, 'Groep 8');
  const groep3 = await team(schoolA.id, 'Groep 3');
  const bovenbouw = await team(schoolB.id, 'Bovenbouw');
  const names: Record<string, Person> = {};
  const person = async (name: string, role: Role, scope: Scope) => {
    const value = names[name] ?? aPerson(organisationId, { displayName: name, locale: 'nl', createdAt: created });
    if (!names[name]) {
      await store.people.create(value);
      await store.people.addIdentity({
        personId: value.id,
        organisationId,
        platform: 'web',
        workspaceId: 'local',
        userId: value.id,
      });
    }
    names[name] = value;
    await store.people.grantRole({ organisationId, personId: value.id, role, scope });
    return value;
  };
  for (const name of ['Anna Aalders', 'Bas Bakker', 'Cor Claassen', 'Dirk Dekker'])
    await person(name, 'member', { kind: 'team', teamId: groep7.id });
  for (const name of ['Eva Evers', 'Fleur Faber']) await person(name, 'member', { kind: 'team', teamId: groep8.id });
  for (const name of ['Gijs Groen', 'Hanna Hol', 'Ilse Ingen'])
    await person(name, 'member', { kind: 'team', teamId: bovenbouw.id });
  await person('Jan Jonker', 'member', { kind: 'team', teamId: groep3.id });
  const boardLeader = await person('Lotte Leeuwen', 'leader', { kind: 'organisation' });
  const schoolLeaderA = await person('Sanne Smit', 'leader', { kind: 'school', schoolId: schoolA.id });
  const coordinator = await person('Coby Koster', 'coordinator', { kind: 'organisation' });

  const round = async (teamId: string, overrides: Partial<Round>) => {
    const value = aRound(organisationId, teamId, {
      openedAt: IN_WEEK,
      closesAt: new Date(IN_WEEK.getTime() + 72 * 3_600_000),
      remindAt: null,
      status: 'closed',
      closedAt: new Date(IN_WEEK.getTime() + 72 * 3_600_000),
      ...overrides,
    });
    await store.rounds.create(value);
    return value;
  };
  const reply = (
    roundId: string,
    author: Person | null,
    token: string,
    questionKey: Round['questions'][number]['key'],
    text: string,
    minutes: number,
    source: 'thread' | 'guest' = 'thread',
  ) =>
    store.replies.insert(
      aReply(organisationId, roundId, {
        authorPersonId: author?.id ?? null,
        authorToken: token,
        questionKey,
        text,
        source,
        platform: source === 'guest' ? null : 'web',
        platformMessageId: `m-${id()}`,
        createdAt: new Date(IN_WEEK.getTime() + minutes * 60_000),
      }),
    );

  const all = ['right_things', 'done_well', 'evidence', 'outside_view', 'next_steps'] as const;
  const r7 = await round(groep7.id, {
    theme: 'begrijpend lezen',
    questions: all.map((key) => ({ key })),
    metricKeys: ['eindtoets_1f_lezen'],
  });
  const [anna, bas, cor] = [names['Anna Aalders'], names['Bas Bakker'], names['Cor Claassen']];
  let minute = 0;
  for (const author of [anna, bas, cor]) {
    for (const key of all)
      await reply(
        r7.id,
        author ?? null,
        `t-${author?.id}`,
        key,
        key === 'right_things' && author === anna ? HOSTILE : `${key} volgens ${author?.displayName}`,
        (minute += 1),
      );
  }
  await reply(
    r7.id,
    null,
    'guest-1',
    'outside_view',
    'De buurschool ziet dat het leesplan werkt.',
    (minute += 1),
    'guest',
  );

  const r8 = await round(groep8.id, { theme: 'rekenen', questions: [{ key: 'right_things' }] });
  await reply(
    r8.id,
    names['Eva Evers'] ?? null,
    't-eva',
    'right_things',
    'Alleen wij tweeën vinden het rekenen te snel gaan.',
    100,
  );
  await reply(r8.id, names['Fleur Faber'] ?? null, 't-fleur', 'right_things', 'Fleur vindt het ook.', 101);

  const rb = await round(bovenbouw.id, {
    theme: 'welzijn',
    anonymous: true,
    aspect: 'hrm',
    questions: [{ key: 'done_well' }],
  });
  for (const [i, token] of ['a1', 'a2', 'a3'].entries())
    await reply(rb.id, null, token, 'done_well', `Anoniem antwoord ${i + 1}`, 200 + i);

  await store.actions.create(
    anAction(organisationId, groep7.id, {
      roundId: r7.id,
      title: 'Leesmonitor invoeren',
      ownerPersonId: anna?.id ?? null,
      dueOn: '2026-12-15',
      createdAt: IN_WEEK,
      updatedAt: IN_WEEK,
    }),
  );
  await store.actions.create(
    anAction(organisationId, groep7.id, {
      title: 'Ouderavond plannen',
      dueOn: '2026-11-10',
      status: 'open',
      createdAt: new Date('2026-10-01T08:00:00Z'),
      updatedAt: new Date('2026-10-01T08:00:00Z'),
    }),
  );
  await store.actions.create(
    anAction(organisationId, groep7.id, {
      title: 'Toetskalender delen',
      ownerPersonId: bas?.id ?? null,
      dueOn: '2026-11-20',
      status: 'done',
      createdAt: new Date('2026-10-01T08:00:00Z'),
      updatedAt: IN_WEEK,
    }),
  );

  const now = new Date('2026-11-01T08:00:00Z');
  await store.metrics.upsert({
    id: id(),
    organisationId,
    key: 'eindtoets_1f_lezen',
    name: 'Eindtoets 1F lezen',
    unit: '%',
    higherIsBetter: true,
    target: 95,
    triggersRound: false,
    createdAt: now,
    updatedAt: now,
  });
  const snapshot = (
    subject: { kind: 'school'; schoolId: string } | { kind: 'team'; teamId: string },
    period: string,
    value: number,
    groupSize: number | null,
  ) =>
    store.snapshots.upsert({
      id: id(),
      organisationId,
      metricKey: 'eindtoets_1f_lezen',
      subject,
      period,
      value,
      target: null,
      groupSize,
      source: 'test',
      createdAt: now,
      updatedAt: now,
      triggeredAt: null,
    });
  await snapshot({ kind: 'school', schoolId: schoolA.id }, '2024-2025', 88, 40);
  await snapshot({ kind: 'school', schoolId: schoolA.id }, '2025-2026', 91, 42);
  await snapshot({ kind: 'team', teamId: groep8.id }, '2025-2026', 50, 2);
  await snapshot({ kind: 'school', schoolId: schoolB.id }, '2025-2026', 97, 30);

  return {
    organisationId,
    schoolA: { id: schoolA.id, name: schoolA.name },
    schoolB: { id: schoolB.id, name: schoolB.name },
    groep7,
    groep8,
    groep3,
    bovenbouw,
    boardLeader,
    schoolLeaderA,
    coordinator,
    teacher: anna ?? boardLeader,
    names,
  };
}
