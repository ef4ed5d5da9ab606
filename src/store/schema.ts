import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DigestSettingsTable, DigestSubscriptionTable } from './digest-schema.js';
import type {
  ReportConclusionTable,
  ReportFrameworkTable,
  ReportHighlightTable,
  ReportVersionTable,
} from './report-schema.js';
import type {
  GuestInvitationTable,
  OutcomeMetricTable,
  OutcomeSnapshotTable,
  RoundOutcomeSnapshotTable,
} from './outcomes-schema.js';

/**
 * The tables as kysely sees them, described once. Rows never leave `src/store`: repositories map
 * them to the domain types of `src/dialogues/model.ts`.
 *
 * Conventions: ids are text (the application generates UUIDs), instants are `timestamptz`
 * (read back as `Date` by both PGlite and pg), calendar dates are `YYYY-MM-DD` text (a `date`
 * column would come back as a `Date` at local midnight, shifting with the process time zone),
 * and JSON is `jsonb`, written as a `JSON.stringify`-ed string and read back parsed.
 *
 * @example
 * const row: RoundRow = await db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
 */
export interface Database {
  organisations: OrganisationTable;
  workspaces: WorkspaceTable;
  schools: SchoolTable;
  teams: TeamTable;
  channel_bindings: ChannelBindingTable;
  people: PersonTable;
  identities: IdentityTable;
  role_grants: RoleGrantTable;
  templates: TemplateTable;
  schedules: ScheduleTable;
  schedule_runs: ScheduleRunTable;
  rounds: RoundTable;
  replies: ReplyTable;
  actions: ActionTable;
  action_history: ActionHistoryTable;
  deliveries: DeliveryTable;
  audit_log: AuditLogTable;
  inbound_events: InboundEventTable;
  outcome_metrics: OutcomeMetricTable;
  outcome_snapshots: OutcomeSnapshotTable;
  round_outcome_snapshots: RoundOutcomeSnapshotTable;
  guest_invitations: GuestInvitationTable;
  digest_subscriptions: DigestSubscriptionTable;
  digest_settings: DigestSettingsTable;
  report_highlights: ReportHighlightTable;
  report_conclusions: ReportConclusionTable;
  report_frameworks: ReportFrameworkTable;
  report_versions: ReportVersionTable;
  secret_fingerprints: SecretFingerprintTable;
}

/** A jsonb column: selected as the parsed value, written as its JSON text (see `toJson`). */
export type Json<T> = ColumnType<T, string, string>;

export interface OrganisationTable {
  id: string;
  name: string;
  locale: string;
  time_zone: string;
  retention_days: number | null;
  created_at: Date;
}

export interface WorkspaceTable {
  platform: string;
  workspace_id: string;
  organisation_id: string;
}

export interface SchoolTable {
  id: string;
  organisation_id: string;
  name: string;
}

export interface TeamTable {
  id: string;
  organisation_id: string;
  school_id: string;
  name: string;
}

export interface ChannelBindingTable {
  id: string;
  organisation_id: string;
  team_id: string;
  platform: string;
  workspace_id: string;
  channel_id: string;
  name: string;
  address: Json<Record<string, unknown>>;
  created_at: Date;
}

export interface PersonTable {
  id: string;
  organisation_id: string;
  display_name: string;
  locale: string;
  email: string | null;
  created_at: Date;
}

export interface IdentityTable {
  platform: string;
  workspace_id: string;
  user_id: string;
  person_id: string;
  organisation_id: string;
}

export interface RoleGrantTable {
  person_id: string;
  organisation_id: string;
  role: string;
  scope_kind: string;
  /** '' for organisation scope, so the primary key can hold it (NULLs are never equal). */
  scope_id: string;
}

export interface TemplateTable {
  id: string;
  organisation_id: string;
  name: string;
  theme: string;
  aspect: string;
  questions: Json<unknown[]>;
  metric_keys: Json<string[]>;
  response_window_hours: number;
  remind_after_hours: number | null;
  anonymous: boolean;
  audience: Generated<string>;
  share_while_open: Generated<boolean>;
  created_at: Date;
}

export interface ScheduleTable {
  id: string;
  organisation_id: string;
  template_id: string;
  team_ids: Json<string[]>;
  cron: string;
  time_zone: string;
  every_weeks: Generated<number>;
  first_week: string;
  window_hours: number | null;
  blackouts: Json<unknown[]>;
  paused: boolean;
  visibility: string | null;
  share_while_open: boolean | null;
  created_at: Date;
}

export interface ScheduleRunTable {
  schedule_id: string;
  occurrence_at: Date;
  organisation_id: string;
  outcome: string;
  recorded_at: Date;
}

export interface RoundTable {
  id: string;
  organisation_id: string;
  team_id: string;
  template_id: string | null;
  schedule_id: string | null;
  occurrence_at: Date | null;
  trigger: string;
  triggered_by: string | null;
  theme: string;
  aspect: string;
  questions: Json<unknown[]>;
  metric_keys: Json<string[]>;
  anonymous: boolean;
  audience: Generated<string>;
  share_while_open: Generated<boolean>;
  status: string;
  opened_at: Date;
  closes_at: Date;
  remind_at: Date | null;
  reminded_at: Date | null;
  closed_at: Date | null;
  second_confirmed: Generated<boolean>;
}

export interface ReplyTable {
  id: string;
  organisation_id: string;
  round_id: string;
  question_key: string | null;
  author_person_id: string | null;
  author_token: string;
  text: string;
  source: string;
  platform: string | null;
  platform_message_id: string | null;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

export interface ActionTable {
  id: string;
  organisation_id: string;
  team_id: string;
  round_id: string | null;
  reply_id: string | null;
  title: string;
  owner_person_id: string | null;
  due_on: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
  reminded_at: Date | null;
  /** Short per-team number (#12), set by a trigger on insert (migration 20250614-1301). */
  number: Generated<number>;
}

/** One recorded state of an action (see ActionStateChange); rows are only ever added. */
export interface ActionHistoryTable {
  /** Orders states recorded in the same instant; never selected (int8, see AuditLogTable.id). */
  id: Generated<number>;
  organisation_id: string;
  action_id: string;
  at: Date;
  status: string;
  due_on: string | null;
  has_owner: boolean;
}

/** The target is kept in columns, not jsonb, so `findPromptByPost` and erasure can use indexes. */
export interface DeliveryTable {
  id: string;
  organisation_id: string;
  dedupe_key: string;
  round_id: string | null;
  purpose: string;
  target_kind: string;
  target_binding_id: string | null;
  target_person_id: string | null;
  target_platform: string | null;
  message: Json<Record<string, unknown>>;
  locale: string;
  thread_of: string | null;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  last_error: string | null;
  posted_ref: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface AuditLogTable {
  /**
   * Only orders entries recorded in the same instant. Never selected: it is int8, which pg reads
   * as a string and PGlite as a number.
   */
  id: Generated<number>;
  organisation_id: string;
  actor_person_id: string | null;
  action: string;
  subject: string;
  details: Json<Record<string, unknown>>;
  at: Date;
}

export interface InboundEventTable {
  platform: string;
  event_id: string;
  seen_at: Date;
}

/** One-way fingerprints of secrets that are never stored themselves (see token-secret.ts). */
export interface SecretFingerprintTable {
  name: string;
  fingerprint: string;
  recorded_at: Date;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type ChannelBindingRow = Selectable<ChannelBindingTable>;
export type PersonRow = Selectable<PersonTable>;
export type TemplateRow = Selectable<TemplateTable>;
export type ScheduleRow = Selectable<ScheduleTable>;
export type RoundRow = Selectable<RoundTable>;
export type NewRoundRow = Insertable<RoundTable>;
export type ReplyRow = Selectable<ReplyTable>;
export type ActionRow = Selectable<ActionTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
