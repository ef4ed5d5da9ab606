import type { QuestionKey } from './questions.js';

/** Where a message comes from or goes to. `web` is the local web channel. */
export type Platform = 'web' | 'slack' | 'teams';
export type Locale = 'nl' | 'en';
export type Aspect = 'leiderschap' | 'hrm' | 'kwaliteitszorg';
export type Role = 'member' | 'coordinator' | 'leader';

/** Who reads a round's answers in full: its team (in the thread's summary), or leaders and coordinators only. */
export type AnswerAudience = 'team' | 'leaders';

/**
 * The three choices a coordinator makes for a schedule: answers shared with the team with names,
 * shared with the team without names (and stored without them), or read by leaders only.
 */
export type Visibility = 'named' | 'anonymous' | 'leaders';

/** A school board: one tenant. Every other record belongs to exactly one organisation. */
export interface Organisation {
  id: string;
  name: string;
  locale: Locale;
  timeZone: string;
  /** Replies and audit rows older than this are purged; null keeps them. */
  retentionDays: number | null;
  createdAt: Date;
}

export interface School {
  id: string;
  organisationId: string;
  name: string;
}

export interface Team {
  id: string;
  organisationId: string;
  schoolId: string;
  name: string;
}

/**
 * A team's chat channel. `address` holds what the platform needs to post there later
 * (for Teams a serialised conversation reference); the domain never looks inside it.
 */
export interface ChannelBinding {
  id: string;
  organisationId: string;
  teamId: string;
  platform: Platform;
  /** Slack workspace (team) id, Teams tenant id, or `local` for the web channel. */
  workspaceId: string;
  channelId: string;
  name: string;
  address: Record<string, unknown>;
  createdAt: Date;
}

export interface Person {
  id: string;
  organisationId: string;
  displayName: string;
  locale: Locale;
  email: string | null;
  createdAt: Date;
}

/** One platform account of a person: a Slack user in one workspace, an Entra id, a web login. */
export interface Identity {
  personId: string;
  organisationId: string;
  platform: Platform;
  workspaceId: string;
  userId: string;
}

export type Scope = { kind: 'organisation' } | { kind: 'school'; schoolId: string } | { kind: 'team'; teamId: string };

export interface RoleGrant {
  personId: string;
  organisationId: string;
  role: Role;
  scope: Scope;
}

export interface TemplateQuestion {
  key: QuestionKey;
  /** Optional phrasing around the focus theme, per locale; the canonical wording is the fallback. */
  phrasing?: Partial<Record<Locale, string>>;
}

export interface Template {
  id: string;
  organisationId: string;
  name: string;
  theme: string;
  aspect: Aspect;
  questions: TemplateQuestion[];
  /** Keys of the outcome metrics shown next to the questions. */
  metricKeys: string[];
  responseWindowHours: number;
  /** Hours after opening at which non-responders are reminded once; null: no reminder. */
  remindAfterHours: number | null;
  anonymous: boolean;
  audience: AnswerAudience;
  /** The team sees the answers so far while the round is open (a summary with the reminder), not only when it closes. */
  shareWhileOpen: boolean;
  createdAt: Date;
}

/** A closed range of local calendar dates (YYYY-MM-DD, inclusive) on which no round opens. */
export interface Blackout {
  from: string;
  to: string;
  label: string;
}

export interface Schedule {
  id: string;
  organisationId: string;
  templateId: string;
  teamIds: string[];
  /** Five-field cron expression, evaluated in `timeZone`; made from the pickers (`recurrence.ts`), never shown. */
  cron: string;
  timeZone: string;
  /** 1: every week; 2: every other week, counted from `firstWeek`. */
  everyWeeks: number;
  /** A local date (YYYY-MM-DD) in the first week the schedule runs; the cycle of `everyWeeks` counts from its Monday. */
  firstWeek: string;
  /** How long each round stays open, in hours; null keeps the template's response window. */
  windowHours: number | null;
  blackouts: Blackout[];
  paused: boolean;
  /** Overrides the template's anonymity and audience; null keeps the template's. */
  visibility: Visibility | null;
  /** Overrides the template's `shareWhileOpen`; null keeps the template's. */
  shareWhileOpen: boolean | null;
  createdAt: Date;
}

export type RoundTrigger = 'scheduled' | 'ad_hoc' | 'data';
export type RoundStatus = 'open' | 'closed';

export interface RoundQuestion {
  key: QuestionKey;
  phrasing?: Partial<Record<Locale, string>>;
}

/** One occurrence of a template in a team. Questions and theme are copied when it opens. */
export interface Round {
  id: string;
  organisationId: string;
  teamId: string;
  templateId: string | null;
  scheduleId: string | null;
  /** The scheduled occurrence this round is for; null for ad-hoc and data-triggered rounds. */
  occurrenceAt: Date | null;
  trigger: RoundTrigger;
  triggeredBy: string | null;
  theme: string;
  aspect: Aspect;
  questions: RoundQuestion[];
  metricKeys: string[];
  anonymous: boolean;
  audience: AnswerAudience;
  shareWhileOpen: boolean;
  status: RoundStatus;
  openedAt: Date;
  closesAt: Date;
  remindAt: Date | null;
  remindedAt: Date | null;
  closedAt: Date | null;
  /**
   * Opened while the team had an open round: a second the coordinator confirmed, or a planned
   * round overlapping one. Only rounds without it hold the team's one open slot (a unique index).
   */
  secondConfirmed: boolean;
}

export type ReplySource = 'thread' | 'form' | 'card' | 'web' | 'guest';

export interface Reply {
  id: string;
  organisationId: string;
  roundId: string;
  /** null: a general remark in the round's thread that names no question. */
  questionKey: QuestionKey | null;
  /** null in anonymous rounds and for guests. */
  authorPersonId: string | null;
  /** A keyed hash that lets one person edit their anonymous answer without storing who they are. */
  authorToken: string;
  text: string;
  source: ReplySource;
  platform: Platform | null;
  /** The platform's own message id; unique per organisation and platform, so a redelivery is stored once. */
  platformMessageId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export type ActionStatus = 'open' | 'in_progress' | 'done' | 'dropped';

/** "What do we do with it?" made concrete: born from a `next_steps` answer. */
export interface Action {
  id: string;
  organisationId: string;
  teamId: string;
  roundId: string | null;
  replyId: string | null;
  title: string;
  ownerPersonId: string | null;
  dueOn: string | null;
  status: ActionStatus;
  createdAt: Date;
  updatedAt: Date;
  remindedAt: Date | null;
  /** Short number, unique within the team, given by the store on create: shown and typed as `#12`. */
  number: number;
}

/** An action as made by the domain, before the store gives it its number. */
export type NewAction = Omit<Action, 'number'>;

/**
 * An action's follow-up state from `at` on: recorded when the action is made and at every change
 * of its status, owner or due date, so a report can tell how actions stood at any past moment.
 * Only whether it had an owner is kept, not who: the history holds no personal data.
 */
export interface ActionStateChange {
  actionId: string;
  teamId: string;
  at: Date;
  status: ActionStatus;
  dueOn: string | null;
  hasOwner: boolean;
}

export interface AuditEntry {
  organisationId: string;
  actorPersonId: string | null;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  at: Date;
}
