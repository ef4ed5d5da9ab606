import { authorize } from '../../dialogues/access.js';
import { bindChannel } from '../../dialogues/bind-channel.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { changeSchedule } from '../../dialogues/manage-schedules.js';
import type { DigestMessage } from '../../dialogues/messages.js';
import type { ChannelBinding, Locale, Person, Platform } from '../../dialogues/model.js';
import { openRound } from '../../dialogues/open-round.js';
import type { Fail } from '../../dialogues/result.js';
import { lines, t } from '../../i18n/index.js';
import type { Command } from './parse-command.js';
import { runAdmin } from './run-admin.js';
import { runFollowUp } from './run-follow-up.js';
import type { GuestInvitation } from '../../dialogues/guests/model.js';

/** Where a command was given and by whom, already resolved by the adapter. */
export interface CommandContext {
  organisationId: string;
  personId: string;
  locale: Locale;
  /** The channel the command was given in; null in a direct message. */
  channel: { platform: Platform; workspaceId: string; channelId: string; name: string; address: Record<string, unknown> } | null;
  /** The binding of that channel, when it is bound. */
  binding: ChannelBinding | null;
  /**
   * The person behind a platform mention in the command (`<@id>`, `<@id|name>`), met for the
   * first time if need be. Absent where a platform has no mentions (the web channel).
   */
  findMentioned?(mention: { userId: string; name: string | null }): Promise<Person | null>;
}

/** Features that other parts of the product plug in (digests, dashboard links). */
export interface CommandFeatures {
  digestPreview?(ctx: CommandContext): Promise<DigestMessage | null>;
  dashboardLink?(ctx: CommandContext): Promise<{ url: string; expiresAt: Date }>;
  /** The signed link an invited outside reviewer opens. */
  guestLink?(invitation: GuestInvitation): Promise<string>;
  /** DIGEST_AT: the moment a channel's digest goes out when `digest kanaal` names none. */
  digestAt?: { weekday: number; hour: number; minute: number };
}

export interface ListItem {
  id: string;
  text: string;
  /** Buttons the adapter may offer for this item: a command text each, such as `schema pauzeer <id>`. */
  commands: { label: string; command: string }[];
}

/** What the adapter shows. Texts are translated; adapters escape and format them for their platform. */
export type CommandReply =
  | { kind: 'text'; text: string; visibility: 'private' | 'channel' }
  | { kind: 'help'; title: string; lines: string[] }
  | { kind: 'list'; title: string; items: ListItem[]; empty: string }
  | { kind: 'schedule_form' }
  | { kind: 'digest'; message: DigestMessage }
  | { kind: 'error'; code: string; text: string };

export async function runCommand(deps: DialogueDeps, features: CommandFeatures, ctx: CommandContext, command: Command): Promise<CommandReply> {
  const { locale } = ctx;
  const text = (value: string, visibility: 'private' | 'channel' = 'private'): CommandReply => ({ kind: 'text', text: value, visibility });
  switch (command.name) {
    case 'help':
      return help(locale);
    case 'unknown':
      return { kind: 'help', title: `${t(locale, 'error.unknown_command')} ${t(locale, 'help.title')}`, lines: lines(locale, 'help.lines') };
    case 'too_long':
      return refusal(locale, { ok: false, code: 'input.invalid', details: { field: 'command' } });
    case 'link': {
      if (!ctx.channel) return refusal(locale, { ok: false, code: 'binding.not_found' });
      const bound = await bindChannel(deps, { organisationId: ctx.organisationId, actorPersonId: ctx.personId, team: command.team, channel: ctx.channel });
      if (!bound.ok) return refusal(locale, bound);
      return text(t(locale, 'notice.bound', { team: bound.value.team.name }), 'channel');
    }
    case 'round': {
      if (!ctx.binding) return refusal(locale, { ok: false, code: 'binding.not_found' });
      const team = await deps.store.teams.get(ctx.organisationId, ctx.binding.teamId);
      if (!team) return refusal(locale, { ok: false, code: 'team.not_found', details: { team: ctx.binding.teamId } });
      const allowed = await authorize(deps.store, ctx.organisationId, ctx.personId, 'trigger', { kind: 'team', teamId: team.id, schoolId: team.schoolId });
      if (!allowed.ok) return refusal(locale, allowed);
      const opened = await openRound(deps, { organisationId: ctx.organisationId, teamId: team.id, trigger: 'ad_hoc', triggeredBy: ctx.personId, template: null, theme: command.theme });
      if (!opened.ok) return refusal(locale, opened);
      return text(t(locale, 'notice.round_started', { team: team.name }));
    }
    case 'schedule':
      return schedules(deps, ctx, command);
    case 'actions': {
      if (!ctx.binding) return refusal(locale, { ok: false, code: 'binding.not_found' });
      const actions = await deps.store.actions.listByTeam(ctx.organisationId, ctx.binding.teamId, ['open', 'in_progress']);
      return {
        kind: 'list',
        title: t(locale, 'prompt.open_actions'),
        empty: t(locale, 'notice.no_actions'),
        items: actions.map((a) => ({
          id: a.id,
          text: `${a.title} (${t(locale, `action_status.${a.status}`)}${a.dueOn ? `, ${a.dueOn}` : ''}) · ${a.id}`,
          commands: [
            { label: t(locale, 'outcomes.button_mine'), command: `actie ${a.id} eigenaar ik` },
            ...(a.status === 'open' ? [{ label: t(locale, 'outcomes.button_in_progress'), command: `actie ${a.id} status bezig` }] : []),
            { label: t(locale, 'outcomes.button_done'), command: `actie ${a.id} status klaar` },
          ],
        })),
      };
    }
    case 'digest': {
      const allowed = await authorize(deps.store, ctx.organisationId, ctx.personId, 'readDigest', { kind: 'organisation' });
      const anyLeader = allowed.ok || (await deps.store.people.roles(ctx.organisationId, ctx.personId)).some((g) => g.role === 'leader');
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
    case 'dashboard': {
      if (!features.dashboardLink) return text(t(locale, 'notice.digest_unavailable'));
      const link = await features.dashboardLink(ctx);
      // The expiry in the organisation's own time zone: a UTC clock time would be an hour off in Amsterdam.
      const timeZone = (await deps.store.organisations.get(ctx.organisationId))?.timeZone ?? 'Europe/Amsterdam';
      const until = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(link.expiresAt);
      return text(t(locale, 'notice.dashboard_link', { url: link.url, until }));
    }
  }
}

async function schedules(deps: DialogueDeps, ctx: CommandContext, command: Extract<Command, { name: 'schedule' }>): Promise<CommandReply> {
  const { locale } = ctx;
  const allowed = await authorize(deps.store, ctx.organisationId, ctx.personId, 'configure', { kind: 'organisation' });
  if (!allowed.ok) return refusal(locale, allowed);
  if (command.action === 'add') return { kind: 'schedule_form' };
  if (command.action !== 'list' && command.id) {
    const changed = await changeSchedule(deps, ctx.organisationId, ctx.personId, command.id, command.action);
    if (!changed.ok) return refusal(locale, changed);
    const key = command.action === 'pause' ? 'notice.schedule_paused' : command.action === 'resume' ? 'notice.schedule_resumed' : 'notice.schedule_removed';
    return { kind: 'text', text: t(locale, key), visibility: 'private' };
  }
  const list = await deps.store.schedules.list(ctx.organisationId);
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
        text: `${template?.name ?? s.templateId}: ${s.cron} (${s.timeZone}) · ${teamNames}${s.paused ? ' · ⏸' : ''}`,
        commands: [
          s.paused ? { label: t(locale, 'command_list.resume'), command: `schema hervat ${s.id}` } : { label: t(locale, 'command_list.pause'), command: `schema pauzeer ${s.id}` },
          { label: t(locale, 'command_list.remove'), command: `schema verwijder ${s.id}` },
        ],
      };
    }),
  };
}

function help(locale: Locale): CommandReply {
  return { kind: 'help', title: t(locale, 'help.title'), lines: lines(locale, 'help.lines') };
}

/** A refused command: the catalogue text for the failure's stable code. */
export function refusal(locale: Locale, failure: Fail<string>): CommandReply {
  const details: Record<string, string | number> = { ...failure.details };
  if (failure.code === 'permission.denied' && typeof details.role === 'string') details.role = t(locale, `role.${details.role as 'member'}`);
  return { kind: 'error', code: failure.code, text: t(locale, `error.${failure.code}`, details) };
}
