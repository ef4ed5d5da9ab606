import { authorize } from '../../dialogues/access.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { subscribeChannelDigest, unsubscribeChannelDigest } from '../../dialogues/digest/manage-subscriptions.js';
import { DEFAULT_DIGEST_TIME } from '../../dialogues/digest/schedule-digests.js';
import { findTeam } from '../../dialogues/find-team.js';
import type { Person, School } from '../../dialogues/model.js';
import { grantRole, revokeRole, sameScope } from '../../dialogues/people.js';
import { formatWeekly, t } from '../../i18n/index.js';
import type { AdminCommand, DayTime, PersonRef, ScopeRef } from './parse-admin.js';
import { listRoles, scopeText, type NamedScope } from './list-roles.js';
import { refusal, type CommandContext, type CommandFeatures, type CommandReply } from './command-reply.js';

/** Either what was looked up, or the reply that explains why it could not be. */
type Found<T> = { ok: true; value: T } | { ok: false; reply: CommandReply };

/** Runs the coordinators' commands: roles, the list of roles, and a channel's weekly digest. */
export async function runAdmin(
  deps: DialogueDeps,
  features: CommandFeatures,
  ctx: CommandContext,
  command: AdminCommand,
): Promise<CommandReply> {
  const { locale } = ctx;
  switch (command.name) {
    case 'admin_usage':
      return error(
        'input.invalid',
        t(locale, command.topic === 'role' ? 'admin.role_usage' : 'admin.digest_channel_usage'),
      );
    case 'roles': {
      const allowed = await authorize(deps.store, ctx.organisationId, ctx.personId, 'configure', {
        kind: 'organisation',
      });
      return allowed.ok ? listRoles(deps, ctx) : refusal(locale, allowed);
    }
    case 'role':
      return role(deps, ctx, command);
    case 'digest_channel':
      return command.action === 'on'
        ? digestOn(deps, features, ctx, command.schoolName, command.at)
        : digestOff(deps, ctx, command.schoolName);
  }
}

async function role(
  deps: DialogueDeps,
  ctx: CommandContext,
  command: Extract<AdminCommand, { name: 'role' }>,
): Promise<CommandReply> {
  const { locale, organisationId } = ctx;
  // Checked before any lookup, so someone who may not grant roles learns nothing about who exists.
  const allowed = await authorize(deps.store, organisationId, ctx.personId, 'configure', { kind: 'organisation' });
  if (!allowed.ok) return refusal(locale, allowed);
  const scope = await namedScope(deps, ctx, command.scope);
  if (!scope.ok) return scope.reply;
  const person = await findPerson(deps, ctx, command.person);
  if (!person.ok) return person.reply;
  const input = {
    organisationId,
    actorPersonId: ctx.personId,
    personId: person.value.id,
    role: command.role,
    scope: scope.value.scope,
  };
  const words = {
    person: person.value.displayName,
    role: t(locale, `role.${command.role}`),
    scope: scopeText(locale, scope.value),
  };
  if (command.action === 'grant') {
    const held = (await deps.store.people.roles(organisationId, person.value.id)).some(
      (g) => g.role === command.role && sameScope(g.scope, input.scope),
    );
    if (held) return text(t(locale, 'admin.role_already', words));
    const granted = await grantRole(deps, input);
    return granted.ok ? text(t(locale, 'admin.role_granted', words)) : refusal(locale, granted);
  }
  const revoked = await revokeRole(deps, input);
  if (revoked.ok) return text(t(locale, 'admin.role_revoked', words));
  if (revoked.code === 'role.not_held') return error(revoked.code, t(locale, 'admin.role_not_held', words));
  if (revoked.code === 'role.last_coordinator')
    return error(revoked.code, t(locale, 'admin.role_last_coordinator', words));
  return refusal(locale, revoked);
}

/** The scope named in the command, within the speaker's own organisation only. */
async function namedScope(deps: DialogueDeps, ctx: CommandContext, ref: ScopeRef): Promise<Found<NamedScope>> {
  const { locale, organisationId } = ctx;
  if (ref.kind === 'organisation') {
    const organisation = await deps.store.organisations.get(organisationId);
    const name = organisation?.name ?? organisationId;
    // Another organisation's name is refused, not looked up: a coordinator acts in their own only.
    if (ref.name !== null && ref.name.toLowerCase() !== name.toLowerCase() && ref.name !== organisationId) {
      return { ok: false, reply: error('permission.denied', t(locale, 'admin.other_organisation', { name })) };
    }
    return { ok: true, value: { scope: { kind: 'organisation' }, name } };
  }
  if (ref.kind === 'school') {
    const school = await findSchool(deps, organisationId, ref.name);
    if (!school)
      return {
        ok: false,
        reply: refusal(locale, { ok: false, code: 'school.not_found', details: { school: ref.name } }),
      };
    return { ok: true, value: { scope: { kind: 'school', schoolId: school.id }, name: school.name } };
  }
  const team = await findTeam(deps.store, organisationId, ref.name);
  if (!team.ok) return { ok: false, reply: refusal(locale, team) };
  return { ok: true, value: { scope: { kind: 'team', teamId: team.value.id }, name: team.value.name } };
}

async function findSchool(deps: DialogueDeps, organisationId: string, name: string): Promise<School | undefined> {
  const wanted = name.trim().toLowerCase();
  return (await deps.store.schools.list(organisationId)).find((s) => s.id === name || s.name.toLowerCase() === wanted);
}

/** A mention through the adapter; otherwise an id or a display name that only one person has. */
async function findPerson(deps: DialogueDeps, ctx: CommandContext, ref: PersonRef): Promise<Found<Person>> {
  const { locale, organisationId } = ctx;
  if (ref.kind === 'mention') {
    const person = ctx.findMentioned ? await ctx.findMentioned({ userId: ref.userId, name: ref.name }) : null;
    if (person && person.organisationId === organisationId) return { ok: true, value: person };
    return { ok: false, reply: error('person.not_found', t(locale, 'admin.person_unknown_mention')) };
  }
  const byId = await deps.store.people.get(organisationId, ref.name);
  if (byId) return { ok: true, value: byId };
  const wanted = ref.name.toLowerCase();
  const matches = (await deps.store.people.list(organisationId)).filter(
    (p) => p.displayName.trim().toLowerCase() === wanted,
  );
  if (matches.length === 1 && matches[0]) return { ok: true, value: matches[0] };
  if (matches.length === 0)
    return { ok: false, reply: error('person.not_found', t(locale, 'admin.person_unknown', { name: ref.name })) };
  const candidates = await Promise.all(
    matches.map(async (p) => {
      const platforms = [
        ...new Set((await deps.store.people.identities(organisationId, p.id)).map((i) => PLATFORM_NAMES[i.platform])),
      ];
      return `${p.displayName} (${[...platforms, `id ${p.id}`].join(', ')})`;
    }),
  );
  return {
    ok: false,
    reply: error(
      'person.ambiguous',
      t(locale, 'admin.person_ambiguous', { name: ref.name, count: matches.length, candidates: candidates.join('; ') }),
    ),
  };
}

const PLATFORM_NAMES = { slack: 'Slack', teams: 'Teams', web: 'web' } as const;

async function digestOn(
  deps: DialogueDeps,
  features: CommandFeatures,
  ctx: CommandContext,
  schoolName: string | null,
  at: DayTime | null,
): Promise<CommandReply> {
  const { locale, organisationId } = ctx;
  if (!ctx.channel) return error('binding.not_found', t(locale, 'admin.digest_channel_here'));
  if (!ctx.binding) return error('binding.not_found', t(locale, 'admin.digest_channel_unbound'));
  const scope = await digestScope(deps, ctx, schoolName);
  if (!scope.ok) return scope.reply;
  const moment = at ?? features.digestAt ?? DEFAULT_DIGEST_TIME;
  const schoolId = scope.value.scope.kind === 'school' ? scope.value.scope.schoolId : null;
  const subscribed = await subscribeChannelDigest(deps, {
    organisationId,
    actorPersonId: ctx.personId,
    bindingId: ctx.binding.id,
    schoolId,
    ...moment,
  });
  if (!subscribed.ok) {
    if (subscribed.code === 'permission.denied')
      return error(
        subscribed.code,
        t(locale, 'admin.digest_channel_denied', { scope: scopeText(locale, scope.value) }),
      );
    return refusal(locale, subscribed);
  }
  const { day, time } = formatWeekly(moment, locale);
  const done = t(locale, 'admin.digest_channel_on', { scope: scopeText(locale, scope.value), day, time });
  // A leader's subscriptions replace their default direct message (schedule-digests): say so.
  const isLeader = (await deps.store.people.roles(organisationId, ctx.personId)).some((g) => g.role === 'leader');
  const hasDm = (await deps.store.digests.listSubscriptions(organisationId)).some(
    (s) => s.personId === ctx.personId && s.bindingId === null,
  );
  return text(isLeader && !hasDm ? `${done} ${t(locale, 'admin.digest_channel_dm_note')}` : done);
}

async function digestOff(deps: DialogueDeps, ctx: CommandContext, schoolName: string | null): Promise<CommandReply> {
  const { locale, organisationId } = ctx;
  if (!ctx.channel) return error('binding.not_found', t(locale, 'admin.digest_channel_here'));
  if (!ctx.binding) return text(t(locale, 'admin.digest_channel_none'));
  let schoolId: string | undefined;
  if (schoolName !== null) {
    const scope = await digestScope(deps, ctx, schoolName);
    if (!scope.ok) return scope.reply;
    schoolId = scope.value.scope.kind === 'school' ? scope.value.scope.schoolId : undefined;
  }
  const removed = await unsubscribeChannelDigest(deps, {
    organisationId,
    actorPersonId: ctx.personId,
    bindingId: ctx.binding.id,
    ...(schoolId ? { schoolId } : {}),
  });
  if (!removed.ok) {
    if (removed.code === 'digest.no_subscription') return text(t(locale, 'admin.digest_channel_none'));
    if (removed.code === 'permission.denied') return error(removed.code, t(locale, 'admin.digest_channel_denied_off'));
    return refusal(locale, removed);
  }
  return text(
    removed.value.kept > 0
      ? t(locale, 'admin.digest_channel_off_partly', removed.value)
      : t(locale, 'admin.digest_channel_off'),
  );
}

function digestScope(deps: DialogueDeps, ctx: CommandContext, schoolName: string | null): Promise<Found<NamedScope>> {
  return namedScope(
    deps,
    ctx,
    schoolName === null ? { kind: 'organisation', name: null } : { kind: 'school', name: schoolName },
  );
}

function text(value: string): CommandReply {
  return { kind: 'text', text: value, visibility: 'private' };
}

function error(code: string, value: string): CommandReply {
  return { kind: 'error', code, text: value };
}
