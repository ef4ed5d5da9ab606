import type { Command } from 'commander';
import type { App } from '../app.js';
import type { Person } from '../dialogues/model.js';
import {
  erasePerson,
  exportPerson,
  MAX_RETENTION_DAYS,
  purgeExpired,
  setRetention,
} from '../dialogues/privacy/index.js';
import { t } from '../i18n/index.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { listPeople } from '../dialogues/operator-reads.js';

/** A person by id or by exact display name (case-insensitive); two of the same name need the id. */
async function pickPerson(app: App, organisationId: string, ref: string): Promise<Person> {
  const people = await listPeople(app.deps, organisationId);
  const matches = people.filter((p) => p.id === ref || p.displayName.toLowerCase() === ref.toLowerCase());
  const [only] = matches;
  if (matches.length !== 1 || !only)
    fail(
      matches.length === 0
        ? `No person "${ref}".`
        : `Several people are called "${ref}"; use the id (vijfvragen people).`,
    );
  return only;
}

/** The operator's privacy commands. From the CLI the actor is the operator (null), as for `role grant`. */
export function registerPrivacyCommands(program: Command): void {
  const person = program.command('person').description("one person's personal data: export or erase");
  person
    .command('export')
    .description('print everything stored about one person as JSON (their anonymous answers too)')
    .requiredOption('--person <id|name>', 'person id or exact display name')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { person: string; org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const target = await pickPerson(app, organisationId, opts.person);
        const exported = await exportPerson(app.deps, organisationId, target.id, { actorPersonId: null });
        if (!exported.ok) fail(t('en', `error.${exported.code}`, exported.details));
        printJson(exported.value);
      }),
    );

  person
    .command('erase')
    .description('erase one person: replies, identities, roles, deliveries, audit rows (closed rounds keep counts)')
    .requiredOption('--person <id|name>', 'person id or exact display name')
    .option('--yes', 'confirm: the erasure cannot be undone')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { person: string; yes?: boolean; org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const target = await pickPerson(app, organisationId, opts.person);
        if (!opts.yes)
          fail(
            `This erases ${target.displayName} (${target.id}) and cannot be undone. Run again with --yes to confirm.`,
          );
        const erased = await erasePerson(app.deps, { organisationId, personId: target.id, actorPersonId: null });
        if (!erased.ok) fail(t('en', `error.${erased.code}`, erased.details));
        const c = erased.value;
        console.log(
          `Erased person ${target.id}: ${c.replies} replies, ${c.identities} identities, ${c.roles} roles, ${c.deliveries} deliveries, ${c.auditEntries} audit rows; ${c.actionsUnassigned} actions without owner, ${c.deliveriesScrubbed} messages scrubbed.`,
        );
      }),
    );

  const retention = program.command('retention').description('how long replies and audit rows are kept');
  retention
    .command('set')
    .description('set the retention period in days, or "off" to keep everything')
    .requiredOption('--days <n|off>', `whole days (1–${MAX_RETENTION_DAYS}) or off`)
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { days: string; org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const days =
          opts.days.trim().toLowerCase() === 'off'
            ? null
            : /^\d+$/.test(opts.days.trim())
              ? Number(opts.days.trim())
              : Number.NaN;
        if (Number.isNaN(days)) fail(`--days must be a whole number of days or "off" (got "${opts.days}").`);
        const set = await setRetention(app.deps, { organisationId, days, actorPersonId: null });
        if (!set.ok) fail(t('en', `error.${set.code}`, set.details));
        console.log(
          days === null
            ? 'Retention off: replies and audit rows are kept until erased.'
            : `Retention set: replies and audit rows older than ${days} days are purged daily.`,
        );
      }),
    );

  retention
    .command('purge')
    .description('purge expired personal data now, in every organisation with a retention period')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { json?: boolean }) =>
      withApp(async (app) => {
        const report = await purgeExpired(app.deps);
        if (opts.json) return printJson(report);
        if (report.organisations.length === 0) console.log('No organisation has a retention period; nothing purged.');
        for (const o of report.organisations) {
          console.log(
            `${o.organisationId}: ${o.replies} replies, ${o.auditEntries} audit rows, ${o.deliveries} deliveries older than ${o.retentionDays} days purged.`,
          );
        }
        console.log(`${report.inboundEvents} old inbound event ids purged.`);
      }),
    );
}
