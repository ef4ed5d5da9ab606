import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { subjectKey } from '../dialogues/outcomes/model.js';
import { t } from '../i18n/index.js';
import { describeImportErrors, importOutcomes, type ImportResult } from '../outcomes/import-outcomes.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { registerFollowUpCommands } from './follow-up-commands.js';

/** `vijfvragen outcomes …`, and the follow-up commands (actions, outside reviewers). */
export function registerOutcomeCommands(program: Command): void {
  const outcomes = program.command('outcomes').description('outcome figures (opbrengsten): metrics, targets and measured values');
  outcomes
    .command('import')
    .description('import figures from a CSV file, all or nothing (columns: see README, "Outcome figures")')
    .argument('<file>', 'CSV file; comma- or semicolon-separated, UTF-8')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { org?: string; json?: boolean }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        fail(`Cannot read ${file}: ${(error as Error).message}`);
      }
      let result: ImportResult | undefined;
      await withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        result = await importOutcomes(app.deps, organisationId, text, { personId: null }, { source: `csv:${basename(file)}` });
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
      else console.log(t('en', 'outcomes.imported', { created: s.created, updated: s.updated, metrics: s.metricsCreated, rounds: s.roundsOpened }));
    });

  outcomes
    .command('list')
    .description('metrics with their targets and the newest figure per school or team')
    .option('--org <id|name>', 'organisation, when there are several')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { org?: string; json?: boolean }) => withApp(async (app) => {
      const organisationId = await pickOrganisation(app, opts.org);
      const metrics = await app.store.metrics.list(organisationId);
      const snapshots = await app.store.snapshots.list(organisationId);
      if (opts.json) return printJson({ metrics, snapshots });
      const names = new Map<string, string>([
        ...(await app.store.schools.list(organisationId)).map((s): [string, string] => [`school:${s.id}`, s.name]),
        ...(await app.store.teams.list(organisationId)).map((tm): [string, string] => [`team:${tm.id}`, tm.name]),
      ]);
      for (const metric of metrics) {
        console.log(`${metric.key}  ${metric.name}  target ${metric.target ?? '-'}${metric.unit}  ${metric.higherIsBetter ? 'higher is better' : 'lower is better'}${metric.triggersRound ? '  triggers rounds' : ''}`);
        const latest = new Map(snapshots.filter((s) => s.metricKey === metric.key).map((s) => [subjectKey(s.subject), s]));
        for (const [subject, s] of latest) console.log(`  ${names.get(subject) ?? subject}  ${s.period}  ${s.value}${metric.unit}${s.target === null ? '' : ` (target ${s.target})`}`);
      }
    }));

  registerFollowUpCommands(program);
}
