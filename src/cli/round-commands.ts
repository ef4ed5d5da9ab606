import type { Command } from 'commander';
import { findTeam } from '../dialogues/find-team.js';
import { openRound } from '../dialogues/open-round.js';
import { t } from '../i18n/index.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { retryDelivery } from '../dialogues/operator-actions.js';
import { listDeliveries, listRoundReplies, listRounds } from '../dialogues/operator-reads.js';

export function registerRoundCommands(program: Command): void {
  const round = program.command('round').description('work with dialogue rounds');
  round
    .command('open')
    .description('open an ad-hoc round in a team now (the running bot posts it)')
    .requiredOption('--team <id|name>', 'team id or name ("School / Team" when names repeat)')
    .option('--theme <text>', 'focus theme of the round', '')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--second', 'open it even though the team already has an open round')
    .option('--json', 'print the round as JSON')
    .action(async (opts: { team: string; theme: string; org?: string; second?: boolean; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const team = await findTeam(app.deps.store, organisationId, opts.team);
        if (!team.ok) fail(t('en', `error.${team.code}`, team.details));
        const opened = await openRound(app.deps, {
          organisationId,
          teamId: team.value.id,
          trigger: 'ad_hoc',
          triggeredBy: null,
          template: null,
          theme: opts.theme,
          secondConfirmed: opts.second === true,
        });
        if (!opened.ok) fail(t('en', `error.${opened.code}`, opened.details));
        if (opts.json) printJson(opened.value.round);
        else
          console.log(
            `Round ${opened.value.round.id} opened in ${team.value.name}; ${opened.value.deliveries} channel post(s) queued.`,
          );
      }),
    );

  program
    .command('rounds')
    .description('list rounds, newest first')
    .option('--team <id|name>', 'only this team')
    .option('--status <open|closed>', 'only rounds with this status')
    .option('--limit <n>', 'at most this many', '100')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { team?: string; status?: string; limit: string; org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        if (opts.status && opts.status !== 'open' && opts.status !== 'closed') fail('--status must be open or closed');
        let teamId: string | undefined;
        if (opts.team) {
          const team = await findTeam(app.deps.store, organisationId, opts.team);
          if (!team.ok) fail(t('en', `error.${team.code}`, team.details));
          teamId = team.value.id;
        }
        const rows = await listRounds(app.deps, organisationId, {
          teamId,
          status: opts.status as 'open' | 'closed' | undefined,
          limit: Number(opts.limit) || 100,
        });
        if (opts.json) return printJson(rows);
        for (const r of rows)
          console.log(
            `${r.id}  ${r.status.padEnd(6)}  ${r.openedAt.toISOString()}  ${r.teamName ?? r.teamId}  ${r.theme}  (${r.replies} answers)`,
          );
      }),
    );

  program
    .command('replies')
    .description('list the answers of one round')
    .requiredOption('--round <id>', 'round id')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { round: string; org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const replies = await listRoundReplies(app.deps, organisationId, opts.round);
        if (!replies) fail(`No round ${opts.round}.`);
        if (opts.json) return printJson(replies);
        for (const r of replies)
          console.log(`${r.questionKey ?? 'remark'}: ${r.text.replace(/\s+/g, ' ').slice(0, 120)}`);
      }),
    );

  program
    .command('deliveries')
    .description('outgoing posts, to see what failed or is unclear')
    .option('--status <list>', 'comma-separated statuses', 'failed,unclear,pending,sending')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { status: string; org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const statuses = opts.status.split(',').map((s) => s.trim()) as (
          'pending' | 'sending' | 'sent' | 'failed' | 'unclear' | 'skipped'
        )[];
        const rows = await listDeliveries(app.deps, organisationId, statuses);
        if (opts.json) return printJson(rows.map(({ message: _message, ...rest }) => rest));
        for (const d of rows)
          console.log(
            `${d.id}  ${d.status.padEnd(8)}  ${d.purpose.padEnd(8)}  attempts=${d.attempts}  ${d.lastError ?? ''}`,
          );
      }),
    );

  program
    .command('delivery-retry')
    .description('send a failed or unclear delivery again (after checking the channel)')
    .argument('<id>', 'delivery id')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (id: string, opts: { org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const done = await retryDelivery(app.deps, organisationId, id);
        if (!done) fail(`Delivery ${id} is not failed or unclear (or does not exist).`);
        console.log(`Delivery ${id} queued again.`);
      }),
    );
}
