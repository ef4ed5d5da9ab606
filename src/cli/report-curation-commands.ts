import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { markHighlight, replaceFramework, writeConclusion } from '../dialogues/report/curate-report.js';
import { fail, pickOrganisation, printJson, withApp } from './context.js';
import { pickSubject, reportFailure, reportService, subjectOptions, type SubjectOptions } from './report-context.js';

/** `vijfvragen report highlight|conclusion|publish|versions|version|verify|framework`. */
export function registerReportCurationCommands(report: Command): void {
  report
    .command('highlight')
    .description(
      'mark an answer (reply id, see `replies --round <id> --json`) as a highlight for the report; --off removes it',
    )
    .argument('<reply-id>')
    .option('--off', 'remove the highlight')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (replyId: string, opts: { off?: boolean; org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const { deps } = await reportService(app);
        const result = await markHighlight(deps, { organisationId, personId: null, replyId, on: opts.off !== true });
        if (!result.ok) reportFailure(result.code, result.details);
        console.log(opts.off ? 'Highlight removed.' : 'Marked as a highlight.');
      }),
    );

  subjectOptions(
    report.command('conclusion').description('write the conclusion for one standard (empty text removes it)'),
  )
    .requiredOption('--standard <code>', 'the standard, such as SKA1 or BKA2')
    .requiredOption('--text <text>', 'the conclusion')
    .action(async (opts: SubjectOptions & { standard: string; text: string }) =>
      withApp(async (app) => {
        const { organisationId, subject, period } = await pickSubject(app, opts);
        const { deps } = await reportService(app);
        const result = await writeConclusion(deps, {
          organisationId,
          personId: null,
          subject,
          period,
          code: opts.standard,
          text: opts.text,
        });
        if (!result.ok) reportFailure(result.code, result.details);
        console.log(`Conclusion for ${opts.standard} (${result.value.period}) saved.`);
      }),
    );

  subjectOptions(
    report
      .command('publish')
      .description('publish the report as it stands: a dated, signed copy (JSON and PDF) that is never changed'),
  )
    .option('--json', 'print the version as JSON')
    .action(async (opts: SubjectOptions & { json?: boolean }) =>
      withApp(async (app) => {
        const { organisationId, subject, period, locale } = await pickSubject(app, opts);
        const service = await reportService(app);
        const result = await service.publish(
          { organisationId, personId: null, subject, ...(period ? { period } : {}) },
          locale,
        );
        if (!result.ok) reportFailure(result.code, result.details);
        const { json: _json, pdf: _pdf, ...summary } = result.value;
        if (opts.json) printJson(summary);
        else
          console.log(
            `Published version ${summary.version} of ${summary.period} (${summary.id}), signed ${summary.signature.slice(0, 16)}…`,
          );
      }),
    );

  subjectOptions(report.command('versions').description('the published versions of a report, newest first'))
    .option('--json', 'print JSON')
    .action(async (opts: SubjectOptions & { json?: boolean }) =>
      withApp(async (app) => {
        const { organisationId, subject, period } = await pickSubject(app, opts);
        const service = await reportService(app);
        const { resolvePeriod } = await import('../dialogues/report/build-report.js');
        const resolved = await resolvePeriod(service.deps, organisationId, period);
        if (!resolved) fail('--year must be a school year such as 2025-2026');
        const versions = await service.deps.reports.listVersions(organisationId, subject, resolved.label);
        if (opts.json) return printJson(versions);
        if (versions.length === 0) console.log('No versions published yet.');
        for (const v of versions)
          console.log(`${v.version}  ${v.publishedAt.toISOString()}  ${v.id}  pdf sha256 ${v.pdfSha256.slice(0, 16)}…`);
      }),
    );

  report
    .command('version')
    .description('open a published version: its JSON, or its PDF with --pdf <file>')
    .argument('<id>')
    .option('--pdf <file>', "write the version's PDF to this file")
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (id: string, opts: { pdf?: string; org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const version = await (await reportService(app)).version(organisationId, id);
        if (!version) fail(`No published version ${id}.`);
        if (opts.pdf !== undefined) {
          await writeFile(opts.pdf, version.pdf);
          console.error(`Wrote ${opts.pdf}`);
        } else process.stdout.write(`${version.json}\n`);
      }),
    );

  report
    .command('verify')
    .description("check a published version's signature (by id), or whether a PDF file is a published version (--file)")
    .argument('[id]')
    .option('--file <pdf>', 'a PDF someone handed you')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (id: string | undefined, opts: { file?: string; org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        const service = await reportService(app);
        let versionId = id;
        if (opts.file !== undefined) {
          const found = await service.versionOfPdf(organisationId, await readFile(opts.file));
          if (!found) fail(`NOT VERIFIED: ${opts.file} is not a published version of any report here.`);
          versionId = found.id;
        }
        if (versionId === undefined) fail('Name a version id, or a PDF with --file <pdf>.');
        const version = await service.version(organisationId, versionId);
        if (!version) fail(`No published version ${versionId}.`);
        if (!service.verify(version))
          fail(`NOT VERIFIED: version ${version.version} (${version.id}) does not match its signature.`);
        console.log(
          `Verified: version ${version.version} of ${version.period}, published ${version.publishedAt.toISOString()} (${version.id}).`,
        );
      }),
    );

  const framework = report
    .command('framework')
    .description('the inspectorate framework the report maps to (default: Onderzoekskader 2021)');
  framework
    .command('set')
    .argument('<file>', 'a framework as JSON (see docs/report.md)')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (file: string, opts: { org?: string }) => {
      const { parseFramework } = await import('../report/framework-file.js');
      let text = '';
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        fail(`Cannot read ${file}: ${(error as Error).message}`);
      }
      const parsed = parseFramework(text);
      if (!parsed.ok) fail(`Framework not valid, nothing saved:\n${parsed.errors.join('\n')}`);
      await withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        await replaceFramework((await reportService(app)).deps, {
          organisationId,
          personId: null,
          framework: parsed.framework,
        });
        console.log(`Framework "${parsed.framework.name.nl}" set (${parsed.framework.standards.length} standards).`);
      });
    });
  framework
    .command('reset')
    .description('back to the default framework')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        await replaceFramework((await reportService(app)).deps, { organisationId, personId: null, framework: null });
        console.log('Framework reset to the default (Onderzoekskader 2021).');
      }),
    );
  framework
    .command('show')
    .option('--org <id|name>', 'organisation, when there are several')
    .action(async (opts: { org?: string }) =>
      withApp(async (app) => {
        const organisationId = await pickOrganisation(app, opts.org);
        printJson(await (await reportService(app)).framework(organisationId));
      }),
    );
}
