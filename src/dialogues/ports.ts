import type {
  Action,
  NewAction,
  ActionStateChange,
  AuditEntry,
  ChannelBinding,
  Identity,
  Organisation,
  Person,
  Platform,
  Reply,
  Role,
  RoleGrant,
  Round,
  Schedule,
  School,
  Team,
  Template,
} from './model.js';
import type { DashboardReadRepository } from './dashboard-reads.js';
import type { DigestReadRepository } from './digest/digest-reads.js';
import type { DigestRepository } from './digest/subscription.js';
import type { GuestInvitation } from './guests/model.js';
import type { Metric, OutcomeSubject, Snapshot } from './outcomes/model.js';
import type { QuestionKey } from './questions.js';
import type { DeliveryRepository } from './delivery-ports.js';
import type { PrivacyRepository } from './privacy/privacy-ports.js';

export * from './delivery-ports.js';
export type { Authorship, ErasureCounts, PrivacyRepository, PurgeCounts } from './privacy/privacy-ports.js';

/** Time is injected everywhere so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// ---------------------------------------------------------------------------------------------
// Repositories. Every method takes the organisation id first and touches only that organisation,
// except the few marked "system": the scheduler tick and the delivery worker work across tenants,
// and inbound events must find their organisation before they know it.
// ---------------------------------------------------------------------------------------------

/** A row named by its id within its organisation (system reads across tenants take a list of these). */
export interface ScopedId {
  organisationId: string;
  id: string;
}

export interface OrganisationRepository {
  create(organisation: Organisation): Promise<void>;
  get(id: string): Promise<Organisation | null>;
  /** system: the delivery worker reads the organisations of a batch at once. */
  getMany(ids: readonly string[]): Promise<Organisation[]>;
  /** system */
  list(): Promise<Organisation[]>;
  update(
    id: string,
    patch: Partial<Pick<Organisation, 'name' | 'locale' | 'timeZone' | 'retentionDays'>>,
  ): Promise<void>;
}

/** Maps a Slack workspace or a Teams tenant to its organisation. */
export interface WorkspaceRepository {
  /** Idempotent. */
  link(platform: Platform, workspaceId: string, organisationId: string): Promise<void>;
  /** system */
  findOrganisation(platform: Platform, workspaceId: string): Promise<string | null>;
}

export interface SchoolRepository {
  create(school: School): Promise<void>;
  get(organisationId: string, id: string): Promise<School | null>;
  list(organisationId: string): Promise<School[]>;
  rename(organisationId: string, id: string, name: string): Promise<void>;
}

export interface TeamRepository {
  create(team: Team): Promise<void>;
  get(organisationId: string, id: string): Promise<Team | null>;
  list(organisationId: string): Promise<Team[]>;
  /** Case-insensitive exact name match; several schools may have a team of the same name. */
  findByName(organisationId: string, name: string): Promise<Team[]>;
}

export interface BindingRepository {
  /** Binds a channel; binding an already bound channel moves it to the new team and returns the stored row. */
  upsert(binding: ChannelBinding): Promise<ChannelBinding>;
  get(organisationId: string, id: string): Promise<ChannelBinding | null>;
  /** system: the delivery worker reads the bindings of a batch at once, each within its organisation. */
  getMany(keys: readonly ScopedId[]): Promise<ChannelBinding[]>;
  list(organisationId: string): Promise<ChannelBinding[]>;
  listByTeam(organisationId: string, teamId: string): Promise<ChannelBinding[]>;
  /** system: an inbound event names a channel before we know its organisation. */
  findByChannel(platform: Platform, workspaceId: string, channelId: string): Promise<ChannelBinding | null>;
  remove(organisationId: string, id: string): Promise<void>;
}

export interface PersonRepository {
  create(person: Person): Promise<void>;
  get(organisationId: string, id: string): Promise<Person | null>;
  list(organisationId: string): Promise<Person[]>;
  update(
    organisationId: string,
    id: string,
    patch: Partial<Pick<Person, 'displayName' | 'locale' | 'email'>>,
  ): Promise<void>;
  /** system */
  findByIdentity(platform: Platform, workspaceId: string, userId: string): Promise<Person | null>;
  /** Idempotent on (platform, workspaceId, userId). */
  addIdentity(identity: Identity): Promise<void>;
  identities(organisationId: string, personId: string): Promise<Identity[]>;
  /** Idempotent. */
  grantRole(grant: RoleGrant): Promise<void>;
  revokeRole(grant: RoleGrant): Promise<void>;
  roles(organisationId: string, personId: string): Promise<RoleGrant[]>;
  /** Everyone holding `role` at exactly this scope (not inherited). */
  listByRole(organisationId: string, role: Role): Promise<RoleGrant[]>;
}

export interface TemplateRepository {
  create(template: Template): Promise<void>;
  get(organisationId: string, id: string): Promise<Template | null>;
  list(organisationId: string): Promise<Template[]>;
}

export type ScheduleRunOutcome = 'opened' | 'skipped_blackout' | 'skipped_stale' | 'skipped_paused';

export interface ScheduleRun {
  organisationId: string;
  scheduleId: string;
  occurrenceAt: Date;
  outcome: ScheduleRunOutcome;
  recordedAt: Date;
}

export interface ScheduleRepository {
  create(schedule: Schedule): Promise<void>;
  get(organisationId: string, id: string): Promise<Schedule | null>;
  list(organisationId: string): Promise<Schedule[]>;
  /** system: every schedule that is not paused, across organisations. */
  listActive(): Promise<Schedule[]>;
  setPaused(organisationId: string, id: string, paused: boolean): Promise<void>;
  /** Replaces what a coordinator may edit (template, teams, plan, blackouts, visibility); not `paused` or `createdAt`. */
  update(schedule: Schedule): Promise<void>;
  remove(organisationId: string, id: string): Promise<void>;
  /**
   * Claims one occurrence. The unique (schedule, occurrence) key makes this the once-only gate:
   * returns false when any process recorded it before.
   */
  recordRun(run: ScheduleRun): Promise<boolean>;
  runs(organisationId: string, scheduleId: string): Promise<ScheduleRun[]>;
}

export interface RoundFilter {
  teamId?: string;
  status?: Round['status'];
  limit?: number;
}

export interface RoundRepository {
  /**
   * Returns false when a round for the same (schedule, team, occurrence) exists already, or when the
   * round is open, not a confirmed second, and the team already has such an open round.
   */
  create(round: Round): Promise<boolean>;
  get(organisationId: string, id: string): Promise<Round | null>;
  /** system: the delivery worker reads the rounds of a batch at once, each within its organisation. */
  getMany(keys: readonly ScopedId[]): Promise<Round[]>;
  /**
   * The round, its team and one person's role grants in one lookup: the answer path asks for all
   * three with every reply.
   */
  getForAnswer(
    organisationId: string,
    id: string,
    personId: string,
  ): Promise<{ round: Round; team: Team | null; grants: RoleGrant[] } | null>;
  /** Newest first. */
  list(organisationId: string, filter?: RoundFilter): Promise<Round[]>;
  /** system */
  listDueToRemind(now: Date): Promise<Round[]>;
  /** system */
  listDueToClose(now: Date): Promise<Round[]>;
  /** Sets remindedAt if still unset; true for the one caller that did. */
  markReminded(organisationId: string, id: string, at: Date): Promise<boolean>;
  /** Closes the round if still open; true for the one caller that did. */
  markClosed(organisationId: string, id: string, at: Date): Promise<boolean>;
}

export type ReplyInsert = { inserted: true } | { inserted: false; existing: Reply };

export interface ReplyRepository {
  /**
   * Deduplicates on (organisation, platform, platformMessageId) when a message id is given, and
   * keeps one live form answer (source form, card or web) per round, question and author token:
   * a second one is not stored and the first comes back as `existing`.
   */
  insert(reply: Reply): Promise<ReplyInsert>;
  /**
   * Records an inbound event id and stores the reply in one atomic write, the reply only when the
   * event id is new: `seen` for a redelivered event, `known` when the message is stored already.
   */
  insertForEvent(
    reply: Reply,
    event: { platform: Platform; eventId: string; seenAt: Date },
  ): Promise<'stored' | 'seen' | 'known'>;
  get(organisationId: string, id: string): Promise<Reply | null>;
  findByPlatformMessage(organisationId: string, platform: Platform, platformMessageId: string): Promise<Reply | null>;
  /** The live form answer of one author to one question (forms keep one answer per question). */
  findFormAnswer(
    organisationId: string,
    roundId: string,
    questionKey: QuestionKey,
    authorToken: string,
  ): Promise<Reply | null>;
  /** `deletedAt: null` brings a deleted reply back (a Teams undelete) with the text given. */
  update(
    organisationId: string,
    id: string,
    patch: { text: string; questionKey: QuestionKey | null; editedAt: Date; deletedAt?: null },
  ): Promise<void>;
  markDeleted(organisationId: string, id: string, at: Date): Promise<void>;
  /** Oldest first; deleted replies are left out. */
  listByRound(organisationId: string, roundId: string): Promise<Reply[]>;
}

export interface ActionRepository {
  /** Stores a new action; the store gives it the team's next number (#12), returned with it. */
  create(action: NewAction): Promise<Action>;
  get(organisationId: string, id: string): Promise<Action | null>;
  update(
    organisationId: string,
    id: string,
    patch: Partial<Pick<Action, 'title' | 'ownerPersonId' | 'dueOn' | 'status' | 'remindedAt'>> & { updatedAt: Date },
  ): Promise<void>;
  listByTeam(organisationId: string, teamId: string, statuses?: Action['status'][]): Promise<Action[]>;
  list(organisationId: string): Promise<Action[]>;
  /** Open or in-progress actions due before `today` (YYYY-MM-DD) that were never reminded, oldest due first. */
  listOverdue(organisationId: string, today: string): Promise<Action[]>;
  /** The recorded states of these teams' actions from before `before`, oldest first (see ActionStateChange). */
  history(organisationId: string, teamIds: readonly string[], before: Date): Promise<ActionStateChange[]>;
}

/** created: the row is new; updated: it existed (same key) and now holds the new values. */
export type UpsertResult = 'created' | 'updated';

/** Outcome metrics, unique per (organisation, key). */
export interface MetricRepository {
  upsert(metric: Metric): Promise<UpsertResult>;
  get(organisationId: string, key: string): Promise<Metric | null>;
  /** By key. */
  list(organisationId: string): Promise<Metric[]>;
}

export interface SnapshotFilter {
  metricKey?: string;
  subject?: OutcomeSubject;
}

/** Outcome snapshots, unique per (organisation, metric, subject, period). */
export interface SnapshotRepository {
  /** Inserts, or updates value, target, group size and source of the snapshot with the same key (keeping its id). */
  upsert(snapshot: Snapshot): Promise<UpsertResult>;
  get(organisationId: string, id: string): Promise<Snapshot | null>;
  /** By metric key, subject, then period (oldest first). */
  list(organisationId: string, filter?: SnapshotFilter): Promise<Snapshot[]>;
  /** Records which snapshots a round carries (those current when it opened). Idempotent. */
  linkToRound(organisationId: string, roundId: string, snapshotIds: readonly string[]): Promise<void>;
  /** The snapshots a round carries, by metric key. */
  listForRound(organisationId: string, roundId: string): Promise<Snapshot[]>;
  /** Sets triggeredAt if still unset; true for the one caller that did (a figure triggers a round once). */
  markTriggered(organisationId: string, id: string, at: Date): Promise<boolean>;
}

export interface GuestInvitationRepository {
  create(invitation: GuestInvitation): Promise<void>;
  get(organisationId: string, id: string): Promise<GuestInvitation | null>;
  /** Oldest first. */
  listByRound(organisationId: string, roundId: string): Promise<GuestInvitation[]>;
  /** Sets revokedAt if still unset; true for the one caller that did. */
  revoke(organisationId: string, id: string, at: Date): Promise<boolean>;
  markUsed(organisationId: string, id: string, at: Date): Promise<void>;
  /** Counts one more view added through the invitation if fewer than `max` were; false at the cap. Atomic. */
  claimViewSlot(organisationId: string, id: string, max: number): Promise<boolean>;
}

/** Finished records written all at once: the demo board's school year of history. */
export interface ImportedHistory {
  snapshots: readonly Snapshot[];
  rounds: readonly Round[];
  replies: readonly Reply[];
  actions: readonly NewAction[];
  /** Which snapshots each round carries. */
  roundSnapshots: readonly { roundId: string; snapshotId: string }[];
}

export interface HistoryImportRepository {
  /**
   * Inserts the whole history in a few statements (one per table), for a fresh organisation: a
   * thousand answers one by one would keep a first start waiting for seconds.
   */
  importHistory(organisationId: string, history: ImportedHistory): Promise<void>;
}

export interface AuditRepository {
  record(entry: AuditEntry): Promise<void>;
  list(organisationId: string, limit?: number): Promise<AuditEntry[]>;
}

/**
 * Ids of what came in once and must not count twice: platform event ids (a redelivery), and the
 * transport's one-time keys (a replayed Slack request signature, a spent sign-in link). The
 * daily retention sweep removes them after a month (`PrivacyRepository.purgeInboundEvents`).
 */
export interface InboundEventRepository {
  /** system: true the first time an id is seen, false for every redelivery. Atomic across processes. */
  firstSeen(platform: Platform, eventId: string, at: Date): Promise<boolean>;
  /** Lets an id be seen again: a request that failed before it took effect may be retried. */
  forget(platform: Platform, eventId: string): Promise<void>;
}

/**
 * The write repositories: the rows use cases create, change and look up one by one. A use case
 * that needs only some of them takes `Pick<Repositories, …>` (see `reader-scope.ts`).
 */
export interface Repositories {
  organisations: OrganisationRepository;
  workspaces: WorkspaceRepository;
  schools: SchoolRepository;
  teams: TeamRepository;
  bindings: BindingRepository;
  people: PersonRepository;
  templates: TemplateRepository;
  schedules: ScheduleRepository;
  rounds: RoundRepository;
  replies: ReplyRepository;
  actions: ActionRepository;
  metrics: MetricRepository;
  snapshots: SnapshotRepository;
  guests: GuestInvitationRepository;
  /** Weekly digest subscriptions and the organisation's minimum group size. */
  digests: DigestRepository;
  deliveries: DeliveryRepository;
  audit: AuditRepository;
  history: HistoryImportRepository;
  inbound: InboundEventRepository;
  privacy: PrivacyRepository;
}

/** The digest's read model: aggregate counts per team, round and question (the report reads it too). */
export interface DigestReadModel {
  digestReads: DigestReadRepository;
}

/** The dashboard's read model: grouped reads (each team's latest round, the replies of several rounds). */
export interface DashboardReadModel {
  dashboardReads: DashboardReadRepository;
}

/** Every read model; grouped reads that never write. */
export type ReadModels = DigestReadModel & DashboardReadModel;

/** The lookups a read model's reader usually needs beside it (names, zones, outcome figures). */
export type ReadLookups = Pick<
  Repositories,
  'organisations' | 'people' | 'schools' | 'teams' | 'metrics' | 'snapshots'
>;

/**
 * The whole storage port, as the composition root builds it: the write repositories, the read
 * models and transactions. Use cases that read only take the narrower pieces above.
 */
export interface Store extends Repositories, ReadModels {
  /** Runs `work` atomically; the store it is given is bound to the transaction. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}
