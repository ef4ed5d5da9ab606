import type { ColumnType } from 'kysely';

/** Tables of the school-year report; `Database` in schema.ts includes them. */
export interface ReportHighlightTable {
  organisation_id: string;
  reply_id: string;
  marked_by: string | null;
  marked_at: Date;
}

export interface ReportConclusionTable {
  organisation_id: string;
  /** 'board' or 'school:<id>'. */
  subject: string;
  period: string;
  code: string;
  text: string;
  written_by: string | null;
  updated_at: Date;
}

export interface ReportFrameworkTable {
  organisation_id: string;
  /** jsonb: selected parsed, written as JSON text (see `toJson`). */
  framework: ColumnType<unknown, string, string>;
  updated_by: string | null;
  updated_at: Date;
}

/** Never updated (a trigger refuses it): a change is a new version. */
export interface ReportVersionTable {
  id: string;
  organisation_id: string;
  subject: string;
  period: string;
  version: number;
  locale: string;
  published_at: Date;
  published_by: string | null;
  json: string;
  pdf: Uint8Array;
  json_sha256: string;
  pdf_sha256: string;
  signature: string;
}
