import type { DialogueDeps } from '../../src/dialogues/deps.js';
import type { Team } from '../../src/dialogues/model.js';
import { outcomeSource } from '../../src/dialogues/outcomes/round-figures.js';
import type { Store } from '../../src/dialogues/ports.js';
import { buildWorld, movableClock, type World } from './world.js';

export interface OutcomeWorld extends World {
  deps: World['deps'] & Required<Pick<DialogueDeps, 'outcomes'>>;
  /** A second team in the same school, bound to its own channel. */
  other: Team;
}

/** The world of `buildWorld` (school De Linde, team Groep 7) plus a second team, with outcome figures wired in. */
export async function buildOutcomeWorld(store: Store, start = '2026-11-23T09:00:00Z'): Promise<OutcomeWorld> {
  const world = await buildWorld(store, movableClock(start));
  const other: Team = {
    id: world.deps.newId(),
    organisationId: world.organisationId,
    schoolId: world.schoolId,
    name: 'Groep 8',
  };
  await store.teams.create(other);
  await store.bindings.upsert({
    id: world.deps.newId(),
    organisationId: world.organisationId,
    teamId: other.id,
    platform: 'web',
    workspaceId: 'local',
    channelId: `groep-8-${other.id}`,
    name: '#groep-8',
    address: {},
    createdAt: world.deps.clock.now(),
  });
  return { ...world, deps: { ...world.deps, outcomes: outcomeSource() }, other };
}

export const HEADER =
  'metric,school,team,period,value,target,group_size,name,unit,direction,metric_target,triggers_round';
