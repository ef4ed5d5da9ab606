import type { Command } from 'commander';
import { isIsoWeek } from '../dialogues/digest/iso-week.js';
import { isLocale, t } from '../i18n/index.js';
import { digestText } from '../bot/digest/digest-view.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { findPerson, registerDigestSubscriptionCommands } from './digest-subscription-commands.js';

export function registerDigestCommands(program: Command): void {
  const digest = program.command('digest').description('the weekly leadership digest');
  digest
    .command('preview')
    .description('print the digest a leader gets (or would get) for a week, as text')
    .requiredOption('--person <id|name>', 'the leader: person id or (part of) their name')
    .option('--week <YYYY-Www>', 'ISO week, such as 2026-W47 (default: last week)')
    .option('--locale <nl|en>', "language (default: the person's)")
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print the digest message as JSON')
    .action(async (opts: { person: string; week?: string; locale?: string; org?: string; json?: boolean }) =>
      withApp(async (app) => {
        if (opts.week !== undefined && !isIsoWeek(opts.week))
          fail(`--week must be an ISO week such as 2026-W47 (got "${opts.week}")`);
        if (opts.locale !== undefined && !isLocale(opts.locale)) fail('--locale must be nl or en');
        const organisationId = await pickOrganisation(app, opts.org);
        const person = await findPerson(app, organisationId, opts.person);
        const built = await app.services.digest.build(organisationId, person.id, opts.week);
        if (!built.ok) fail(t('en', `error.${built.code}`, { role: 'leader', ...built.details }));
        if (opts.json) printJson(built.value);
        else console.log(digestText(built.value, isLocale(opts.locale) ? opts.locale : person.locale));
      }),
    );
  registerDigestSubscriptionCommands(digest);
}
