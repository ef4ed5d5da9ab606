import { authorize } from '../../dialogues/access.js';
import { bindChannel } from '../../dialogues/bind-channel.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { changeSchedule, manageableSchedules } from '../../dialogues/manage-schedules.js';
import { describeSchedule } from '../../i18n/recurrence-text.js';
import type { Locale } from '../../dialogues/model.js';
import { openRound } from '../../dialogues/open-round.js';
import { renameOrganisation } from '../../dialogues/name-organisation.js';
import { lines, t } from '../../i18n/index.js';
import type { Command } from './parse-command.js';
import { runAdmin } from './run-admin.js';
import { runFollowUp } from './run-follow-up.js';
import { refusal, type CommandContext, type CommandFeatures, type CommandReply } from './command-reply.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

export type { CommandContext, CommandFeatures, CommandReply, ListItem } from './command-reply.js';
export { refusal } from './command-reply.js';

export async function runCommand(
  deps: DialogueDeps,
  features: CommandFeatures,
  ctx: CommandContext,
  command: Command,
): Promise<CommandReply> {
  const { locale } = ctx;
  const text = (value: string, visibility: 'private' | 'channel' = 'private'): CommandReply => ({
    kind: 'text',
    text: value,
    visibility,
  });
  switch (command.name) {
    case 'help':
      return help(locale);
    case 'unknown':
      return {
        kind: 'help',
        title: `${t(locale, 'error.unknown_command')} ${t(locale, 'help.title')}`,
        lines: lines(locale, 'help.lines'),
      };
    case 'too_long':
      return refusal(locale, { ok: false, code: 'input.invalid', details: { field: 'command' } });
    case 'link': {
      if (!ctx.channel) return refusal(locale, { ok: false, code: 'binding.not_found' });
      if (command.team === '') {
        const names = (await deps.store.teams.list(ctx.organisationId)).map((team) => team.name).sort();
        return {
          kind: 'error',
          code: 'link.team_missing',
          text: t(locale, 'error.link.team_missing', {
            example: names[0] ?? 'Groep 6-8',
            teams: names.length > 0 ? names.join(', ') : '—',
          }),
        };
      }
      const bound = await bindChannel(deps, {
        organisationId: ctx.organisationId,
        actorPersonId: ctx.personId,
        team: command.team,
        channel: ctx.channel,
      });
      if (!bound.ok) return refusal(locale, bound);
      return text(t(locale, 'notice.bound', { team: bound.value.team.name }), 'channel');
    }
    case 'round': {
      if (!ctx.binding) return refusal(locale, { ok: false, code: 'binding.not_found' });
      const opened = await openRound(deps, {
        organisationId: ctx.organisationId,
        teamId: ctx.binding.teamId,
        trigger: 'ad_hoc',
        triggeredBy: ctx.personId,
        template: null,
        theme: command.theme,
        secondConfirmed: command.confirmed === true,
      });
      if (!opened.ok && opened.code === 'round.already_open') {
        // The refusal comes with the one button that says yes, as every list reply carries its commands.
        const again = `ronde toch ${command.theme}`.trim();
        return {
          kind: 'list',
          title: t(locale, 'error.round.already_open', opened.details),
          empty: '',
          items: [
            {
              id: 'second-round',
              text: t(locale, 'notice.round_second'),
              commands: [{ label: t(locale, 'notice.round_second_button'), command: again }],
            },
          ],
        };
      }
      if (!opened.ok) return refusal(locale, opened);
      return text(t(locale, 'notice.round_started', { team: opened.value.team.name }));
    }
    case 'schedule':
      return schedules(deps, ctx, command);
    case 'actions': {
      if (!ctx.binding) return refusal(locale, { ok: false, code: 'binding.not_found' });
      const actions = await deps.store.actions.listByTeam(ctx.organisationId, ctx.binding.teamId, [
        'open',
        'in_progress',
      ]);
      return {
        kind: 'list',
        title: t(locale, 'prompt.open_actions'),
        empty: t(locale, 'notice.no_actions'),
        items: actions.map((a) => ({
          id: a.id,
          text: `#${a.number} ${a.title} (${t(locale, `action_status.${a.status}`)}${a.dueOn ? `, ${a.dueOn}` : ''})`,
          commands: [
            { label: t(locale, 'outcomes.button_mine'), command: `actie ${a.id} eigenaar ik` },
            ...(a.status === 'open'
              ? [{ label: t(locale, 'outcomes.button_in_progress'), command: `actie ${a.id} status bezig` }]
              : []),
            { label: t(locale, 'outcomes.button_done'), command: `actie ${a.id} status klaar` },
          ],
        })),
      };
    }
    case 'digest': {
      const allowed = await authorize(deps.store, ctx.organisationId, ctx.personId, 'readDigest', {
        kind: 'organisation',
      });
      const anyLeader =
        allowed.ok ||
        (await deps.store.people.roles(ctx.organisationId, ctx.personId)).some((g) => g.role === 'leader');
      if (!anyLeader) return refusal(locale, { ok: false, code: 'permission.denied', details: { role: 'leader' } });
      const digest = features.digestPreview ? await features.digestPreview(ctx) : null;
      return digest ? { kind: 'digest', message: digest } : text(t(locale, 'notice.digest_unavailable'));
    }
    case 'figure':
    case 'action':
    case 'guest':
    case 'follow_up_usage':
      return runFollowUp(deps, features, ctx, command);
    case 'role':
    case 'roles':
    case 'digest_channel':
    case 'admin_usage':
      return runAdmin(deps, features, ctx, command);
    case 'organisation_name': {
      if (command.newName === null) return text(t(locale, 'admin.organisation_usage'));
      const renamed = await renameOrganisation(deps, {
        organisationId: ctx.organisationId,
        actorPersonId: ctx.personId,
        name: command.newName,
      });
      return renamed.ok
        ? text(t(locale, 'admin.organisation_renamed', { name: renamed.value.name }))
        : refusal(locale, renamed);
    }
    case 'dashboard': {
      if (!features.dashboardLink) return text(t(locale, 'notice.digest_unavailable'));
      const link = await features.dashboardLink(ctx);
      // The expiry in the organisation's own time zone: a UTC clock time would be an hour off in Amsterdam.
      const timeZone = (await deps.store.organisations.get(ctx.organisationId))?.timeZone ?? DEFAULT_TIME_ZONE;
      const until = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(link.expiresAt);
      return text(t(locale, 'notice.dashboard_link', { url: link.url, until }));
    }
  }
}

async function schedules(
  deps: DialogueDeps,
  ctx: CommandContext,
  command: Extract<Command, { name: 'schedule' }>,
): Promise<CommandReply> {
  const { locale } = ctx;
  // A coordinator of any team may plan; each schedule is then limited to the teams they coordinate.
  const grants = await deps.store.people.roles(ctx.organisationId, ctx.personId);
  if (!grants.some((grant) => grant.role === 'coordinator'))
    return refusal(locale, { ok: false, code: 'permission.denied', details: { role: 'coordinator' } });
  if (command.action === 'add') return { kind: 'schedule_form' };
  if (command.action !== 'list' && command.id) {
    const changed = await changeSchedule(deps, ctx.organisationId, ctx.personId, command.id, command.action);
    if (!changed.ok) return refusal(locale, changed);
    const key =
      command.action === 'pause'
        ? 'notice.schedule_paused'
        : command.action === 'resume'
          ? 'notice.schedule_resumed'
          : 'notice.schedule_removed';
    return { kind: 'text', text: t(locale, key), visibility: 'private' };
  }
  const list = await manageableSchedules(deps, ctx.organisationId, ctx.personId);
  const templates = await deps.store.templates.list(ctx.organisationId);
  const teams = await deps.store.teams.list(ctx.organisationId);
  return {
    kind: 'list',
    title: t(locale, 'command_list.schedules'),
    empty: t(locale, 'notice.no_schedules'),
    items: list.map((s) => {
      const template = templates.find((tpl) => tpl.id === s.templateId);
      const teamNames = s.teamIds.map((id) => teams.find((team) => team.id === id)?.name ?? id).join(', ');
      return {
        id: s.id,
        text: `${template?.name ?? s.templateId}: ${describeSchedule(s, locale)} · ${teamNames}${s.paused ? ' · ⏸' : ''}`,
        commands: [
          s.paused
            ? { label: t(locale, 'command_list.resume'), command: `schema hervat ${s.id}` }
            : { label: t(locale, 'command_list.pause'), command: `schema pauzeer ${s.id}` },
          { label: t(locale, 'command_list.remove'), command: `schema verwijder ${s.id}` },
        ],
      };
    }),
  };
}

function help(locale: Locale): CommandReply {
  return { kind: 'help', title: t(locale, 'help.title'), lines: lines(locale, 'help.lines') };
}
