import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { subjectKey } from '../dialogues/outcomes/model.js';
import { t } from '../i18n/index.js';
import type { ImportResult } from '../outcomes/import-outcomes.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { registerFollowUpCommands } from './follow-up-commands.js';
import { listOutcomes } from '../dialogues/operator-reads.js';

/** `vijfvragen outcomes …`, and the follow-up commands (actions, outside reviewers). */
export function registerOutcomeCommands(program: Command): void {
  const outcomes = program
    .command('outcomes')
    .description('outcome figures (opbrengsten): metrics, targets and measured values');
  outcomes
    .command('import')
    .description('import figures from a CSV or .xlsx file, all or nothing (columns: see README, "Outcome figures")')
    .argument('<file>', 'CSV file (comma or semicolon, UTF-8 or Windows-1252) or .xlsx workbook (first sheet)')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { org?: string; json?: boolean }) => {
      // The CSV and workbook readers load only for an import, not for every other command.
      const [{ uploadText }, { describeImportError, describeImportErrors, importOutcomes }, { MAX_CSV_BYTES }] =
        await Promise.all([
          import('../outcomes/workbook-csv.js'),
          import('../outcomes/import-outcomes.js'),
          import('../outcomes/parse-outcomes-csv.js'),
        ]);
      let bytes: Uint8Array;
      try {
        // The size first: a huge file (or a device) is refused before any of it is read.
        const info = await stat(file);
        if (!info.isFile()) fail(`${file} is not a file.`);
        if (info.size > MAX_CSV_BYTES)
          fail(
            `${file} is too large: ${info.size} bytes, at most ${MAX_CSV_BYTES} bytes (${MAX_CSV_BYTES / 1_000_000} MB). Split it into smaller files.`,
          );
        bytes = await readFile(file);
      } catch (error) {
        fail(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      // An unreadable file (binary, unknown encoding) is refused before the database is opened.
      const text = await uploadText(bytes);
      if (!text.ok) {
        if (opts.json) printJson({ ok: false, errors: [text.error] });
        else console.error(`${describeImportError(text.error, 'en')}\n${t('en', 'outcomes.failed', { count: 1 })}`);
        process.exit(1);
      }
      let result: ImportResult | undefined;
      await withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        result = await importOutcomes(
          app.deps,
          organisationId,
          text.text,
          { personId: null },
          { source: `${text.workbook ? 'xlsx' : 'csv'}:${basename(file)}` },
        );
      });
      if (result === undefined) return;
      if (!result.ok) {
        if (opts.json) printJson({ ok: false, errors: result.errors });
        else {
          for (const line of describeImportErrors(result, 'en')) console.error(line);
          console.error(t('en', 'outcomes.failed', { count: result.errors.length }));
        }
        // Exit here, after the database is closed: the embedded database resets `process.exitCode` when it shuts down.
        process.exit(1);
      }
      const s = result.value;
      if (opts.json) printJson({ ok: true, ...s });
      else
        console.log(
          t('en', 'outcomes.imported', {
            created: s.created,
            updated: s.updated,
            metrics: s.metricsCreated,
            rounds: s.roundsOpened,
          }),
        );
    });

  outcomes
    .command('list')
    .description('metrics with their targets and the newest figure per school or team')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { org?: string; json?: boolean }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const { metrics, snapshots, subjectNames: names } = await listOutcomes(app.deps, organisationId);
        if (opts.json) return printJson({ metrics, snapshots });
        for (const metric of metrics) {
          console.log(
            `${metric.key}  ${metric.name}  target ${metric.target ?? '-'}${metric.unit}  ${metric.higherIsBetter ? 'higher is better' : 'lower is better'}${metric.triggersRound ? '  triggers rounds' : ''}`,
          );
          const latest = new Map(
            snapshots.filter((s) => s.metricKey === metric.key).map((s) => [subjectKey(s.subject), s]),
          );
          for (const [subject, s] of latest)
            console.log(
              `  ${names.get(subject) ?? subject}  ${s.period}  ${s.value}${metric.unit}${s.target === null ? '' : ` (target ${s.target})`}`,
            );
        }
      }),
    );

  registerFollowUpCommands(program);
}
