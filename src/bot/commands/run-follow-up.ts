import {
  findPerson,
  parseActionStatus,
  updateAction,
  type ActionChange,
} from '../../dialogues/actions/update-action.js';
import { resolveActionRef, type ActionRef } from '../../dialogues/actions/find-action.js';
import { DEFAULT_TIME_ZONE, localDate } from '../../dialogues/time-zone.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { findTeam } from '../../dialogues/find-team.js';
import { inviteGuest, revokeGuest } from '../../dialogues/guests/invite-guest.js';
import type { Locale } from '../../dialogues/model.js';
import type { OutcomeRecord } from '../../dialogues/outcomes/columns.js';
import { importOutcomeRecords } from '../../dialogues/outcomes/import-records.js';
import type { Fail } from '../../dialogues/result.js';
import { t } from '../../i18n/index.js';
import { formatFigure } from '../../i18n/numbers.js';
import type { FollowUpCommand } from './parse-follow-up.js';
import { refusal, type CommandContext, type CommandFeatures, type CommandReply } from './command-reply.js';

const NOBODY = new Set(['geen', 'none', 'niemand', 'nobody', '-']);
const ME = new Set(['ik', 'me', 'mij', 'myself']);

/** Runs a follow-up command: a single figure, an action change, or an outside reviewer. */
export async function runFollowUp(
  deps: DialogueDeps,
  features: CommandFeatures,
  ctx: CommandContext,
  command: FollowUpCommand,
): Promise<CommandReply> {
  const { locale } = ctx;
  switch (command.name) {
    case 'follow_up_usage':
      return text(
        t(
          locale,
          command.topic === 'figure'
            ? 'outcomes.figure_usage'
            : command.topic === 'action'
              ? 'outcomes.action_usage'
              : 'outcomes.guest_usage',
        ),
      );
    case 'figure':
      return figure(deps, ctx, command);
    case 'action':
      return action(deps, ctx, command);
    case 'guest': {
      if (command.action === 'revoke') {
        const revoked = await revokeGuest(deps, {
          organisationId: ctx.organisationId,
          actorPersonId: ctx.personId,
          invitationId: command.id,
        });
        return revoked.ok ? text(t(locale, 'outcomes.guest_revoked')) : failure(locale, revoked);
      }
      if (!features.guestLink) return text(t(locale, 'outcomes.guest_unavailable'));
      let roundId = command.roundId;
      if (['laatste', 'last', 'latest'].includes(roundId.toLowerCase()) && ctx.binding) {
        const closed = await deps.store.rounds.list(ctx.organisationId, {
          teamId: ctx.binding.teamId,
          status: 'closed',
          limit: 1,
        });
        roundId = closed[0]?.id ?? roundId;
      }
      const invited = await inviteGuest(deps, {
        organisationId: ctx.organisationId,
        actorPersonId: ctx.personId,
        roundId,
        name: command.guestName,
      });
      if (!invited.ok) return failure(locale, invited);
      const round = await deps.store.rounds.get(ctx.organisationId, roundId);
      const url = await features.guestLink(invited.value);
      return text(
        t(locale, 'outcomes.guest_invited', {
          name: invited.value.name,
          theme: round?.theme ?? '',
          until: invited.value.expiresAt.toISOString().slice(0, 10),
          url,
        }),
      );
    }
  }
}

async function figure(
  deps: DialogueDeps,
  ctx: CommandContext,
  command: Extract<FollowUpCommand, { name: 'figure' }>,
): Promise<CommandReply> {
  const { locale, organisationId } = ctx;
  const cells: OutcomeRecord['cells'] = { metric: command.metric, value: command.value };
  let subjectName: string;
  if (command.subject !== null) {
    const school = (await deps.store.schools.list(organisationId)).find(
      (s) => s.name.toLowerCase() === command.subject?.toLowerCase() || s.id === command.subject,
    );
    if (school) {
      cells.school = school.id;
      subjectName = school.name;
    } else {
      const team = await findTeam(deps.store, organisationId, command.subject);
      if (!team.ok) return refusal(locale, team);
      Object.assign(cells, { school: team.value.schoolId, team: team.value.id });
      subjectName = team.value.name;
    }
  } else if (ctx.binding) {
    const team = await deps.store.teams.get(organisationId, ctx.binding.teamId);
    if (!team) return refusal(locale, { ok: false, code: 'team.not_found', details: { team: ctx.binding.teamId } });
    Object.assign(cells, { school: team.schoolId, team: team.id });
    subjectName = team.name;
  } else {
    return text(t(locale, 'outcomes.figure_usage'));
  }
  const organisation = await deps.store.organisations.get(organisationId);
  cells.period = command.period ?? localDate(deps.clock.now(), organisation?.timeZone ?? DEFAULT_TIME_ZONE).slice(0, 7);
  const result = await importOutcomeRecords(
    deps,
    organisationId,
    [{ line: 1, cells }],
    { personId: ctx.personId },
    `chat:${ctx.personId}`,
  );
  if (!result.ok) {
    const first = result.errors[0];
    const detail = first ? t(locale, `outcomes.error.${first.code}` as 'outcomes.error.syntax', first.params) : '';
    const usage =
      first && ['bad_number', 'bad_key', 'required'].includes(first.code)
        ? ` ${t(locale, 'outcomes.figure_usage')}`
        : '';
    return {
      kind: 'error',
      code: 'outcomes.invalid',
      text: `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.${usage}`,
    };
  }
  const metric = await deps.store.metrics.get(organisationId, command.metric.toLowerCase());
  const saved = t(locale, 'outcomes.figure_saved', {
    metric: metric?.name ?? command.metric,
    subject: subjectName,
    period: cells.period,
    value: Number.isFinite(Number(command.value.replace(',', '.')))
      ? formatFigure(Number(command.value.replace(',', '.')), metric?.unit ?? '', locale)
      : `${command.value}${metric?.unit ?? ''}`,
  });
  return text(
    result.value.roundsOpened > 0 ? `${saved} ${t(locale, 'notice.round_started', { team: subjectName })}` : saved,
  );
}

async function action(
  deps: DialogueDeps,
  ctx: CommandContext,
  command: Extract<FollowUpCommand, { name: 'action' }>,
): Promise<CommandReply> {
  const { locale, organisationId } = ctx;
  const value = command.value.trim();
  const change: ActionChange = {};
  if (command.field === 'owner') {
    if (NOBODY.has(value.toLowerCase())) change.ownerPersonId = null;
    else if (ME.has(value.toLowerCase())) change.ownerPersonId = ctx.personId;
    else {
      const person = await findPerson(deps, organisationId, value);
      if (!person.ok)
        return {
          kind: 'error',
          code: person.code,
          text: t(locale, person.code === 'person.ambiguous' ? 'outcomes.owner_ambiguous' : 'outcomes.owner_unknown', {
            name: value,
          }),
        };
      change.ownerPersonId = person.value.id;
    }
  } else if (command.field === 'due') {
    change.dueOn = NOBODY.has(value.toLowerCase()) ? null : value;
  } else {
    const status = parseActionStatus(value);
    if (!status) return { kind: 'error', code: 'input.invalid', text: t(locale, 'outcomes.bad_status', { value }) };
    change.status = status;
  }
  // Numbers are per team: in a team's channel #n is that team's; elsewhere it must be unique.
  const found = await resolveActionRef(deps.store, organisationId, command.id, ctx.binding?.teamId ?? null);
  if (!found.ok) return unresolved(locale, found, command);
  const { actionId } = found;
  const updated = await updateAction(deps, {
    organisationId,
    actorPersonId: ctx.personId,
    actionId,
    change,
  });
  if (!updated.ok) {
    if (updated.code === 'input.invalid' && updated.details?.field === 'due')
      return { kind: 'error', code: 'input.invalid', text: t(locale, 'outcomes.bad_date', { value }) };
    return refusal(locale, updated);
  }
  const a = updated.value;
  const owner = a.ownerPersonId
    ? ((await deps.store.people.get(organisationId, a.ownerPersonId))?.displayName ?? null)
    : null;
  return text(
    t(locale, 'outcomes.action_updated', {
      title: `#${a.number} ${a.title}`,
      status: t(locale, `action_status.${a.status}`),
      owner: owner ? t(locale, 'outcomes.action_owner', { owner }) : '',
      due: a.dueOn ? t(locale, 'outcomes.action_due', { due: a.dueOn }) : '',
    }),
  );
}

const COMMAND_WORDS = {
  nl: { verb: 'actie', owner: 'eigenaar', due: 'deadline', status: 'status' },
  en: { verb: 'action', owner: 'owner', due: 'due', status: 'status' },
} as const;

/**
 * An action number that means no action, or one in several teams (typed outside a team's channel).
 * Nothing is changed: the reply names the teams that have the number, each with the same command
 * by the action's id (a button where the platform has them) so the person picks one.
 */
function unresolved(
  locale: Locale,
  ref: Exclude<ActionRef, { ok: true }>,
  command: Extract<FollowUpCommand, { name: 'action' }>,
): CommandReply {
  const { number } = ref;
  if (ref.code === 'action.number_unknown')
    return {
      kind: 'error',
      code: ref.code,
      text: t(locale, ref.inTeam ? 'outcomes.action_number_unknown' : 'outcomes.action_number_unknown_anywhere', {
        number,
      }),
    };
  const words = COMMAND_WORDS[locale];
  const again = (actionId: string) => `${words.verb} ${actionId} ${words[command.field]} ${command.value.trim()}`;
  return {
    kind: 'list',
    title: t(locale, 'outcomes.action_number_ambiguous_teams', {
      number,
      teams: ref.candidates.map((c) => c.teamName).join(', '),
    }),
    empty: '',
    items: ref.candidates.map((c) => ({
      id: c.actionId,
      text: t(locale, 'outcomes.action_pick', { team: c.teamName, number, command: again(c.actionId) }),
      commands: [{ label: t(locale, 'outcomes.action_pick_button', { team: c.teamName }), command: again(c.actionId) }],
    })),
  };
}

function text(value: string): CommandReply {
  return { kind: 'text', text: value, visibility: 'private' };
}

/** Guest codes have their texts in the outcomes catalogue; the rest are the shared `error.*` texts. */
function failure(locale: Locale, result: Fail<string>): CommandReply {
  if (result.code === 'guest.round_open')
    return { kind: 'error', code: result.code, text: t(locale, 'outcomes.guest_round_open') };
  if (result.code === 'guest.not_found')
    return { kind: 'error', code: result.code, text: t(locale, 'outcomes.guest_not_found') };
  return refusal(locale, result);
}
