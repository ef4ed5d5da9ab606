import type { Generated } from 'kysely';

/** Tables of the outcomes and outside-view features; `Database` in schema.ts includes them. */
export interface OutcomeMetricTable {
  id: string;
  organisation_id: string;
  key: string;
  name: string;
  unit: string;
  higher_is_better: boolean;
  target: number | null;
  triggers_round: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface OutcomeSnapshotTable {
  id: string;
  organisation_id: string;
  metric_key: string;
  /** `school:<id>` or `team:<id>`: the natural key in one non-null column. */
  subject: string;
  school_id: string | null;
  team_id: string | null;
  period: string;
  value: number;
  target: number | null;
  group_size: number | null;
  source: string;
  created_at: Date;
  updated_at: Date;
  triggered_at: Date | null;
}

export interface RoundOutcomeSnapshotTable {
  organisation_id: string;
  round_id: string;
  snapshot_id: string;
}

export interface GuestInvitationTable {
  id: string;
  organisation_id: string;
  round_id: string;
  name: string;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  /** Views added through this invitation, counted against MAX_GUEST_VIEWS. */
  views_added: Generated<number>;
}
