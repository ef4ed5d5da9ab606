import type { ReportReadRepository, ReportRepository } from '../dialogues/report/report-reads.js';
import { reportReadRepository } from './report-read-repository.js';
import { reportRepository } from './report-repository.js';
import type { Executor } from './sql-helpers.js';

/** The report's own ports on SQL, kept out of the Store so the Store's fakes need not mirror them. */
export function createReportPorts(db: Executor): { reads: ReportReadRepository; reports: ReportRepository } {
  return { reads: reportReadRepository(db), reports: reportRepository(db) };
}
