import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { printJson, withApp } from './context.js';
import { pickSubject, reportFailure, reportService, subjectOptions, type SubjectOptions } from './report-context.js';
import { registerReportCurationCommands } from './report-curation-commands.js';

/** `vijfvragen report …`: the school-year quality report as text, JSON or PDF, and its curation. */
export function registerReportCommands(program: Command): void {
  const report = subjectOptions(
    program
      .command('report')
      .description('the school-year quality report of a school or the board: text, --json or --pdf <file>')
      // `report conclusion --school …`: the subcommand's --school is its own, not `report`'s.
      .enablePositionalOptions(),
  )
    .option('--pdf <file>', 'write the report as a PDF (A4) to this file')
    .option('--json', 'print the report as JSON')
    .action(async (opts: SubjectOptions & { pdf?: string; json?: boolean }) =>
      withApp(async (app) => {
        const { organisationId, subject, period, locale } = await pickSubject(app, opts);
        const service = await reportService(app);
        const built = await service.build({ organisationId, personId: null, subject, ...(period ? { period } : {}) });
        if (!built.ok) reportFailure(built.code, built.details);
        if (opts.pdf !== undefined) {
          await writeFile(opts.pdf, await service.pdf(built.value, locale));
          console.error(`Wrote ${opts.pdf}`);
        }
        if (opts.json) printJson(built.value);
        else if (opts.pdf === undefined) {
          const { reportText } = await import('../report/report-text.js');
          console.log(reportText(built.value, locale));
        }
      }),
    );
  registerReportCurationCommands(report);
}
