import type { DialogueDeps } from '../dialogues/deps.js';
import type { Locale } from '../dialogues/model.js';
import { buildReport, type ReportDeps, type ReportRequest } from '../dialogues/report/build-report.js';
import { publishReport, type Publisher } from '../dialogues/report/curate-report.js';
import type { ReportBody } from '../dialogues/report/report-body.js';
import type { Framework } from '../dialogues/report/framework.js';
import type {
  ReportReadRepository,
  ReportRepository,
  ReportVersion,
  ReportVersionSummary,
} from '../dialogues/report/report-reads.js';
import { defaultFramework } from './framework-file.js';
import type { PdfStamp, reportPdf as renderReportPdf } from './report-pdf.js';
import { reportKey, sha256, signVersion, verifyVersion } from './report-signature.js';

export interface ReportServiceOptions {
  deps: DialogueDeps;
  ports: { reads: ReportReadRepository; reports: ReportRepository };
  tokenSecret: string;
  /** The organisation's minimum group size (the digest's setting, else MIN_GROUP_SIZE). */
  minGroupSize(organisationId: string): Promise<number>;
}

/**
 * The report as the CLI and the dashboard use it: built with the organisation's minimum group
 * size and framework, rendered as PDF, published signed, and verified.
 */
export interface ReportService {
  readonly deps: ReportDeps;
  build(request: Omit<ReportRequest, 'minGroupSize'>): ReturnType<typeof buildReport>;
  pdf(body: ReportBody, locale: Locale, stamp?: PdfStamp | null): Promise<Buffer>;
  publish(request: Omit<ReportRequest, 'minGroupSize'>, locale: Locale): ReturnType<typeof publishReport>;
  /** Whether a stored version's JSON and PDF are still what was signed. */
  verify(version: ReportVersion): boolean;
  /** One published version; null when there is none with that id. */
  version(organisationId: string, id: string): Promise<ReportVersion | null>;
  /** The published version whose PDF is exactly these bytes, or null. */
  versionOfPdf(organisationId: string, pdf: Uint8Array): Promise<ReportVersionSummary | null>;
  /** The framework the organisation's reports map to: its own, else the default. */
  framework(organisationId: string): Promise<Framework>;
}

/** pdfmake and echarts are loaded with the first PDF made, not when the server starts. */
async function reportPdf(...args: Parameters<typeof renderReportPdf>): Promise<Buffer> {
  const { reportPdf: render } = await import('./report-pdf.js');
  return render(...args);
}

export function createReportService(options: ReportServiceOptions): ReportService {
  const deps: ReportDeps = {
    dialogue: options.deps,
    reads: options.ports.reads,
    reports: options.ports.reports,
    defaultFramework: defaultFramework(),
  };
  const key = reportKey(options.tokenSecret);
  const publisher = (locale: Locale): Publisher => ({
    render: async (body, stamp) => new Uint8Array(await reportPdf(body, locale, stamp)),
    sign: (version) => signVersion(key, version),
    sha256,
  });
  return {
    deps,
    async build(request) {
      return buildReport(deps, { ...request, minGroupSize: await options.minGroupSize(request.organisationId) });
    },
    pdf: (body, locale, stamp = null) => reportPdf(body, locale, stamp),
    async publish(request, locale) {
      return publishReport(deps, publisher(locale), {
        ...request,
        locale,
        minGroupSize: await options.minGroupSize(request.organisationId),
      });
    },
    verify: (version) => verifyVersion(key, version),
    version: (organisationId, id) => deps.reports.getVersion(organisationId, id),
    versionOfPdf: (organisationId, pdf) => deps.reports.findVersionByPdf(organisationId, sha256(pdf)),
    framework: async (organisationId) => (await deps.reports.framework(organisationId)) ?? deps.defaultFramework,
  };
}
