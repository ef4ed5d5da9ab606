import type { Command } from 'commander';
import { resolveActionRef } from '../dialogues/actions/find-action.js';
import { findPerson, parseActionStatus, updateAction, type ActionChange } from '../dialogues/actions/update-action.js';
import { inviteGuest, revokeGuest } from '../dialogues/guests/invite-guest.js';
import { findTeam } from '../dialogues/find-team.js';
import { t } from '../i18n/index.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { listActions, listGuestInvitations } from '../dialogues/operator-reads.js';

/** Actions (follow-up of `next_steps`) and outside reviewers (question 4) from the command line. */
export function registerFollowUpCommands(program: Command): void {
  program
    .command('actions')
    .description('list actions (open and in progress unless --all)')
    .option('--team <id|name>', 'only this team')
    .option('--all', 'include done and dropped actions')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { team?: string; all?: boolean; org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        let rows = await listActions(app.deps, organisationId);
        if (opts.team) {
          const team = await findTeam(app.deps.store, organisationId, opts.team);
          if (!team.ok) fail(t('en', `error.${team.code}`, team.details));
          rows = rows.filter((a) => a.teamId === team.value.id);
        }
        if (!opts.all) rows = rows.filter((a) => a.status === 'open' || a.status === 'in_progress');
        if (opts.json) return printJson(rows);
        for (const a of rows)
          console.log(
            `#${String(a.number).padEnd(4)} ${a.id}  ${a.status.padEnd(11)}  due ${a.dueOn ?? '-'}  owner ${a.ownerPersonId ?? '-'}  ${a.title}`,
          );
      }),
    );

  const action = program.command('action').description('follow up one action');
  action
    .command('set')
    .description('set the owner, due date or status of an action')
    .argument('<id>', 'action number (#12 or 12) or id (see `vijfvragen actions`)')
    .option('--team <name|id>', "the action's team, for a number (needed when several teams have it)")
    .option('--owner <name|id|none>', 'who takes it on; none clears it')
    .option('--due <yyyy-mm-dd|none>', 'due date; none clears it')
    .option('--status <status>', 'open, in_progress, done or dropped (Dutch: open, bezig, klaar, vervallen)')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (id: string, opts: { owner?: string; due?: string; status?: string; org?: string; team?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const change: ActionChange = {};
        if (opts.owner !== undefined) {
          if (opts.owner === 'none') change.ownerPersonId = null;
          else {
            const person = await findPerson(app.deps, organisationId, opts.owner);
            if (!person.ok)
              fail(
                t('en', person.code === 'person.ambiguous' ? 'outcomes.owner_ambiguous' : 'outcomes.owner_unknown', {
                  name: opts.owner,
                }),
              );
            change.ownerPersonId = person.value.id;
          }
        }
        if (opts.due !== undefined) change.dueOn = opts.due === 'none' ? null : opts.due;
        if (opts.status !== undefined) {
          const status = parseActionStatus(opts.status);
          if (!status) fail(t('en', 'outcomes.bad_status', { value: opts.status }));
          change.status = status;
        }
        if (Object.keys(change).length === 0) fail('Give at least one of --owner, --due, --status.');
        let teamId: string | null = null;
        if (opts.team) {
          const team = await findTeam(app.deps.store, organisationId, opts.team);
          if (!team.ok) fail(t('en', `error.${team.code}`, team.details));
          teamId = team.value.id;
        }
        const found = await resolveActionRef(app.deps.store, organisationId, id, teamId);
        if (!found.ok)
          fail(
            found.code === 'action.number_unknown'
              ? t('en', 'outcomes.action_number_unknown', { number: found.number })
              : t('en', 'outcomes.action_number_ambiguous', {
                  number: found.number,
                  teams: found.candidates.map((c) => c.teamName).join(', '),
                }),
          );
        const updated = await updateAction(app.deps, {
          organisationId,
          actorPersonId: null,
          actionId: found.actionId,
          change,
        });
        if (!updated.ok)
          fail(
            updated.code === 'input.invalid' && updated.details?.field === 'due'
              ? t('en', 'outcomes.bad_date', { value: opts.due })
              : t('en', `error.${updated.code}`, updated.details),
          );
        const a = updated.value;
        console.log(
          `Action #${a.number} (${a.id}): ${a.title} · ${a.status} · due ${a.dueOn ?? '-'} · owner ${a.ownerPersonId ?? '-'}`,
        );
      }),
    );

  const guest = program.command('guest').description('outside reviewers (meekijkers) of a closed round');
  guest
    .command('invite')
    .description('invite an outside reviewer to a closed round and print their link')
    .requiredOption('--round <id>', 'the closed round')
    .requiredOption('--name <name>', 'how the reviewer is known, e.g. "MR De Regenboog"')
    .option('--days <n>', 'days the link works (1-90)', '14')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print the invitation and link as JSON')
    .action(async (opts: { round: string; name: string; days: string; org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const invited = await inviteGuest(app.deps, {
          organisationId,
          actorPersonId: null,
          roundId: opts.round,
          name: opts.name,
          days: Number(opts.days),
        });
        if (!invited.ok) fail(guestError(invited.code, invited.details));
        const url = await app.services.guestLink(invited.value);
        if (opts.json) return printJson({ ...invited.value, url });
        console.log(
          `Invited "${invited.value.name}" (invitation ${invited.value.id}), valid until ${invited.value.expiresAt.toISOString()}:\n${url}`,
        );
      }),
    );
  guest
    .command('revoke')
    .description('revoke an invitation: its link stops working at once')
    .argument('<id>', 'invitation id')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (id: string, opts: { org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const revoked = await revokeGuest(app.deps, { organisationId, actorPersonId: null, invitationId: id });
        if (!revoked.ok) fail(guestError(revoked.code, revoked.details));
        console.log(t('en', 'outcomes.guest_revoked'));
      }),
    );
  guest
    .command('list')
    .description('invitations of one round')
    .requiredOption('--round <id>', 'round id')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { round: string; org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const rows = await listGuestInvitations(app.deps, organisationId, opts.round);
        if (opts.json) return printJson(rows);
        for (const g of rows)
          console.log(
            `${g.id}  ${g.name}  until ${g.expiresAt.toISOString()}${g.revokedAt ? '  revoked' : ''}${g.lastUsedAt ? `  last used ${g.lastUsedAt.toISOString()}` : ''}`,
          );
      }),
    );
}

/** The English text for a guest failure. */
export function guestError(code: string, details: Readonly<Record<string, string | number>> | undefined): string {
  if (code === 'guest.round_open') return t('en', 'outcomes.guest_round_open');
  if (code === 'guest.not_found') return t('en', 'outcomes.guest_not_found');
  return t('en', `error.${code}`, details);
}
