import { randomUUID } from 'node:crypto';
import type { DialogueDeps } from '../../src/dialogues/deps.js';
import type {
  Blackout,
  ChannelBinding,
  Organisation,
  Platform,
  Schedule,
  School,
  Team,
  Template,
} from '../../src/dialogues/model.js';
import type { Clock, Store } from '../../src/dialogues/ports.js';
import { aBinding, anOrganisation, aSchedule, aSchool, aTeam, aTemplate } from '../integration/builders.js';
import { recordingLogger } from './world.js';
import { cronCheck } from '../../src/scheduler/occurrences.js';

// One set of record builders for every suite: the store suites' builders (a valid record with
// every field set, overridable per test) plus scenes that store several records at once.
export * from '../integration/builders.js';

export type RecordingLogger = ReturnType<typeof recordingLogger>;

/** Use-case dependencies for a test: the given store and clock, random ids, a logger that keeps its lines. */
export function testDeps<C extends Clock>(
  store: Store,
  clock: C,
  overrides: Partial<Omit<DialogueDeps, 'store' | 'clock' | 'log'>> = {},
): DialogueDeps & { clock: C; log: RecordingLogger } {
  return {
    store,
    clock,
    newId: randomUUID,
    tokenSecret: 'test-secret-test-secret-test-secret!',
    cron: cronCheck,
    log: recordingLogger(),
    ...overrides,
  };
}

export interface ScheduledBoardOptions {
  /** How many teams the schedule serves; each gets one bound channel. Default 1. */
  teams?: number;
  platform?: Platform;
  cron?: string;
  timeZone?: string;
  blackouts?: Blackout[];
  createdAt?: Date;
  template?: Partial<Template>;
  organisation?: Partial<Organisation>;
  /** The plan's other fields: every n weeks, its first week, the window. */
  schedule?: Partial<Schedule>;
}

export interface ScheduledBoard {
  organisation: Organisation;
  organisationId: string;
  school: School;
  teams: Team[];
  bindings: ChannelBinding[];
  template: Template;
  schedule: Schedule;
}

/**
 * An organisation with one school, `teams` teams each bound to one channel, a template, and
 * a schedule of that template for all the teams: the scene every scheduler test starts from.
 *
 * @example
 * const board = await seedScheduledBoard(store, { teams: 2, cron: '0 9 * * 1', createdAt: clock.now() });
 */
export async function seedScheduledBoard(store: Store, options: ScheduledBoardOptions = {}): Promise<ScheduledBoard> {
  const createdAt = options.createdAt ?? new Date('2026-01-01T00:00:00Z');
  const organisation = anOrganisation({ createdAt, ...options.organisation });
  const school = aSchool(organisation.id);
  await store.organisations.create(organisation);
  await store.schools.create(school);
  const teams: Team[] = [];
  const bindings: ChannelBinding[] = [];
  for (let i = 0; i < (options.teams ?? 1); i += 1) {
    const team = aTeam(organisation.id, school.id, { name: `Groep ${i + 1}` });
    await store.teams.create(team);
    teams.push(team);
    const platform = options.platform ?? 'slack';
    bindings.push(
      await store.bindings.upsert(
        aBinding(organisation.id, team.id, {
          platform,
          workspaceId: platform === 'web' ? 'local' : 'T0001',
          name: `#groep-${i + 1}`,
          createdAt,
        }),
      ),
    );
  }
  const template = aTemplate(organisation.id, { createdAt, ...options.template });
  await store.templates.create(template);
  const schedule = aSchedule(
    organisation.id,
    template.id,
    teams.map((t) => t.id),
    {
      cron: options.cron ?? '0 9 * * 1',
      timeZone: options.timeZone ?? 'Europe/Amsterdam',
      blackouts: options.blackouts ?? [],
      createdAt,
      ...options.schedule,
    },
  );
  await store.schedules.create(schedule);
  return { organisation, organisationId: organisation.id, school, teams, bindings, template, schedule };
}
