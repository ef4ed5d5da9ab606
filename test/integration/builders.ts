import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../../src/dialogues/messages.js';
import type {
  NewAction,
  ChannelBinding,
  Organisation,
  Person,
  Reply,
  Round,
  Schedule,
  School,
  Team,
  Template,
} from '../../src/dialogues/model.js';
import type { Delivery, Store } from '../../src/dialogues/ports.js';

// Builders for store tests: a valid record with every field set, overridable per test.
// Instants are whole milliseconds (what timestamptz keeps of a JS Date) so round trips compare equal.

export const T0 = new Date('2025-03-03T08:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
export const id = (): string => randomUUID();

export function anOrganisation(overrides: Partial<Organisation> = {}): Organisation {
  return {
    id: id(),
    name: 'Stichting De Linde',
    locale: 'nl',
    timeZone: 'Europe/Amsterdam',
    retentionDays: 730,
    createdAt: T0,
    ...overrides,
  };
}

export function aSchool(organisationId: string, overrides: Partial<School> = {}): School {
  return { id: id(), organisationId, name: 'OBS De Wilg', ...overrides };
}

export function aTeam(organisationId: string, schoolId: string, overrides: Partial<Team> = {}): Team {
  return { id: id(), organisationId, schoolId, name: 'Groep 5-8', ...overrides };
}

export function aBinding(
  organisationId: string,
  teamId: string,
  overrides: Partial<ChannelBinding> = {},
): ChannelBinding {
  return {
    id: id(),
    organisationId,
    teamId,
    platform: 'slack',
    workspaceId: 'T0001',
    channelId: `C${id().slice(0, 8)}`,
    name: '#groep-5-8',
    address: { conversation: { id: '19:abc@thread.tacv2', tenantId: 't-1' }, serviceUrl: 'https://smba.example/emea/' },
    createdAt: T0,
    ...overrides,
  };
}

export function aPerson(organisationId: string, overrides: Partial<Person> = {}): Person {
  return {
    id: id(),
    organisationId,
    displayName: 'Anouk de Vries',
    locale: 'nl',
    email: 'anouk@example.nl',
    createdAt: T0,
    ...overrides,
  };
}

export function aTemplate(organisationId: string, overrides: Partial<Template> = {}): Template {
  return {
    id: id(),
    organisationId,
    name: 'Begrijpend lezen',
    theme: 'begrijpend lezen in groep 5-8',
    aspect: 'kwaliteitszorg',
    questions: [
      { key: 'right_things', phrasing: { nl: 'Doen we de goede dingen voor begrijpend lezen?' } },
      { key: 'evidence' },
    ],
    metricKeys: ['eindtoets_1f_lezen'],
    responseWindowHours: 72,
    remindAfterHours: 48,
    anonymous: false,
    audience: 'team',
    shareWhileOpen: false,
    createdAt: T0,
    ...overrides,
  };
}

export function aSchedule(
  organisationId: string,
  templateId: string,
  teamIds: string[],
  overrides: Partial<Schedule> = {},
): Schedule {
  return {
    id: id(),
    organisationId,
    templateId,
    teamIds,
    cron: '0 9 * * 1',
    timeZone: 'Europe/Amsterdam',
    blackouts: [{ from: '2025-02-15', to: '2025-02-23', label: 'voorjaarsvakantie' }],
    paused: false,
    visibility: null,
    shareWhileOpen: null,
    everyWeeks: 1,
    firstWeek: '2025-01-06',
    windowHours: null,
    createdAt: T0,
    ...overrides,
  };
}

export function aRound(organisationId: string, teamId: string, overrides: Partial<Round> = {}): Round {
  return {
    id: id(),
    organisationId,
    teamId,
    templateId: null,
    scheduleId: null,
    occurrenceAt: null,
    trigger: 'ad_hoc',
    triggeredBy: null,
    theme: 'begrijpend lezen',
    aspect: 'kwaliteitszorg',
    questions: [{ key: 'right_things' }, { key: 'next_steps', phrasing: { en: 'What now?' } }],
    metricKeys: ['eindtoets_1f_lezen'],
    anonymous: false,
    audience: 'team',
    shareWhileOpen: false,
    status: 'open',
    openedAt: T0,
    closesAt: at(72 * 60),
    remindAt: at(48 * 60),
    remindedAt: null,
    closedAt: null,
    secondConfirmed: false,
    ...overrides,
  };
}

export function aReply(organisationId: string, roundId: string, overrides: Partial<Reply> = {}): Reply {
  return {
    id: id(),
    organisationId,
    roundId,
    questionKey: 'right_things',
    authorPersonId: null,
    authorToken: 'token-1',
    text: 'We lezen elke dag twintig minuten.',
    source: 'thread',
    platform: 'slack',
    platformMessageId: `1700000000.${id().slice(0, 6)}`,
    createdAt: T0,
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}

export function anAction(organisationId: string, teamId: string, overrides: Partial<NewAction> = {}): NewAction {
  return {
    id: id(),
    organisationId,
    teamId,
    roundId: null,
    replyId: null,
    title: 'Leesmonitor invoeren',
    ownerPersonId: null,
    dueOn: '2025-04-01',
    status: 'open',
    createdAt: T0,
    updatedAt: T0,
    remindedAt: null,
    ...overrides,
  };
}

export const aNotice: OutgoingMessage = {
  kind: 'notice',
  code: 'round.opened',
  params: { team: 'Groep 5-8', count: 3 },
};

export function aDelivery(organisationId: string, overrides: Partial<Delivery> = {}): Delivery {
  const deliveryId = id();
  return {
    id: deliveryId,
    organisationId,
    dedupeKey: `notice:${deliveryId}`,
    roundId: null,
    purpose: 'notice',
    target: { kind: 'channel', bindingId: 'b-1' },
    message: aNotice,
    locale: 'nl',
    threadOf: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: T0,
    leaseUntil: null,
    lastError: null,
    postedRef: null,
    createdAt: T0,
    sentAt: null,
    ...overrides,
  };
}

/** An organisation with one school and one team, stored. */
export async function seedTeam(store: Store, organisation: Organisation = anOrganisation()) {
  const school = aSchool(organisation.id);
  const team = aTeam(organisation.id, school.id);
  await store.organisations.create(organisation);
  await store.schools.create(school);
  await store.teams.create(team);
  return { organisation, school, team, organisationId: organisation.id };
}
