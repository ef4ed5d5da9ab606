import { authorize } from './access.js';
import type { DialogueDeps } from './deps.js';
import { findTeam, splitSchool } from './find-team.js';
import { MAX_TITLE_CHARS } from './limits.js';
import type { ChannelBinding, Platform, Team } from './model.js';
import { fail, ok, type Result } from './result.js';

export interface BindChannelInput {
  organisationId: string;
  actorPersonId: string;
  /** A team id or name ("Groep 5-6", or "De Regenboog / Groep 5-6" when schools share names). */
  team: string;
  channel: {
    platform: Platform;
    workspaceId: string;
    channelId: string;
    name: string;
    address: Record<string, unknown>;
  };
}

/**
 * Binds a chat channel to a team (coordinators only). A team that does not exist yet is created
 * when the school is clear: named, or the only school of the organisation.
 */
export async function bindChannel(
  deps: DialogueDeps,
  input: BindChannelInput,
): Promise<Result<{ binding: ChannelBinding; team: Team; teamCreated: boolean }>> {
  const { store } = deps;
  const allowed = await authorize(store, input.organisationId, input.actorPersonId, 'configure', {
    kind: 'organisation',
  });
  const found = await findTeam(store, input.organisationId, input.team);
  let team: Team;
  let teamCreated = false;
  if (found.ok) {
    // A school or team coordinator may bind channels of their own teams.
    if (!allowed.ok) {
      const scoped = await authorize(store, input.organisationId, input.actorPersonId, 'configure', {
        kind: 'team',
        teamId: found.value.id,
        schoolId: found.value.schoolId,
      });
      if (!scoped.ok) return scoped;
    }
    team = found.value;
  } else if (found.code === 'team.not_found') {
    if (!allowed.ok) return allowed;
    const created = await createTeamForBinding(deps, input.organisationId, input.team);
    if (!created.ok) return created;
    team = created.value;
    teamCreated = true;
  } else {
    return found;
  }
  const now = deps.clock.now();
  const binding = await store.transaction(async (tx) => {
    const stored = await tx.bindings.upsert({
      id: deps.newId(),
      organisationId: input.organisationId,
      teamId: team.id,
      ...input.channel,
      createdAt: now,
    });
    await tx.audit.record({
      organisationId: input.organisationId,
      actorPersonId: input.actorPersonId,
      action: 'channel.bound',
      subject: `team:${team.id}`,
      details: { platform: input.channel.platform, channelId: input.channel.channelId, teamCreated },
      at: now,
    });
    return stored;
  });
  return ok({ binding, team, teamCreated });
}

async function createTeamForBinding(deps: DialogueDeps, organisationId: string, ref: string): Promise<Result<Team>> {
  const [schoolName, teamName] = splitSchool(ref);
  if (teamName === '' || teamName.length > MAX_TITLE_CHARS) return fail('input.invalid', { field: 'team' });
  const schools = await deps.store.schools.list(organisationId);
  const school = schoolName
    ? schools.find((s) => s.name.toLowerCase() === schoolName.toLowerCase())
    : schools.length === 1
      ? schools[0]
      : undefined;
  if (!school) return fail('school.not_found', { school: schoolName ?? '?' });
  const team: Team = { id: deps.newId(), organisationId, schoolId: school.id, name: teamName };
  await deps.store.teams.create(team);
  return ok(team);
}
