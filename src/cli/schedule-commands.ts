import type { Command } from 'commander';
import { isLocale, t } from '../i18n/index.js';
import { describeSchedule } from '../i18n/recurrence-text.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { listSchedules } from '../dialogues/operator-reads.js';

export function registerScheduleCommands(program: Command): void {
  program
    .command('schedules')
    .description('list the dialogue schedules in words ("Elke maandag om 09:00")')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--locale <nl|en>', "language of the description (default: the organisation's)")
    .option('--json', 'print JSON (for scripts), with the description as "when"')
    .action(async (opts: { org?: string; locale?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        if (opts.locale !== undefined && !isLocale(opts.locale)) fail('--locale must be nl or en');
        const {
          organisation,
          schedules,
          templateNames: templates,
          teamNames: teams,
        } = await listSchedules(app.deps, organisationId);
        const locale = isLocale(opts.locale) ? opts.locale : (organisation?.locale ?? 'nl');
        const rows = schedules.map((s) => ({
          id: s.id,
          template: templates.get(s.templateId) ?? s.templateId,
          when: describeSchedule(s, locale),
          timeZone: s.timeZone,
          teams: s.teamIds.map((id) => teams.get(id) ?? id),
          holidays: s.blackouts.length,
          paused: s.paused,
        }));
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void console.log(t(locale, 'notice.no_schedules'));
        for (const row of rows)
          console.log(
            `${row.id}  ${row.template}: ${row.when} (${row.timeZone}) · ${row.teams.join(', ')}${row.paused ? ` · ${t(locale, 'dashboard.paused')}` : ''}`,
          );
      }),
    );
}
