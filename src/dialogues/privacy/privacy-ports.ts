import type { Delivery } from '../delivery-ports.js';
import type { OutgoingMessage } from '../messages.js';
import type { AuditEntry, Reply } from '../model.js';

/** How many rows one retention sweep removed from one organisation. */
export interface PurgeCounts {
  replies: number;
  auditEntries: number;
  deliveries: number;
}

/**
 * Who a person is as an author: named replies carry their id, anonymous ones only the HMAC token
 * of (round, person), so the caller computes the token for every round of the organisation.
 */
export interface Authorship {
  personId: string;
  authorTokens: readonly string[];
}

/** What one erasure removed or unlinked. */
export interface ErasureCounts {
  replies: number;
  identities: number;
  roles: number;
  deliveries: number;
  auditEntries: number;
  /** Actions the person owned, now without an owner. */
  actionsUnassigned: number;
  /** Actions born from one of their replies, kept for the team but no longer linked to it. */
  actionsUnlinked: number;
  /** Ad-hoc rounds they triggered, kept with `triggeredBy` cleared. */
  roundsUnlinked: number;
  /** The bot's personal Teams chats with them, deleted (other places' references forget them). */
  teamsConversations: number;
  /** Guest invitations they sent, kept without an inviter. */
  invitationsUnlinked: number;
}

/**
 * Retention, export and erasure of personal data (the AVG/GDPR duties of a school board).
 * Reads return everything, soft-deleted replies included: what is stored is what is exported.
 */
export interface PrivacyRepository {
  /** Deletes replies and audit rows, and finished deliveries, created before `cutoff`. */
  purge(organisationId: string, cutoff: Date): Promise<PurgeCounts>;
  /** system: inbound event ids only guard against redeliveries, which stop within minutes. */
  purgeInboundEvents(cutoff: Date): Promise<number>;
  /** Oldest first; named (by author id) and anonymous (by token) replies alike. */
  findReplies(organisationId: string, author: Authorship): Promise<Reply[]>;
  /** Replies created before `cutoff` (what the next `purge` deletes), oldest first. */
  findRepliesBefore(organisationId: string, cutoff: Date): Promise<Reply[]>;
  /** Audit rows the person made or whose subject is `person:<id>`, oldest first. */
  findAuditEntries(organisationId: string, personId: string): Promise<AuditEntry[]>;
  /** Deliveries addressed to the person (digests, notices), oldest first. */
  findDeliveriesTo(organisationId: string, personId: string): Promise<Delivery[]>;
  /** Deliveries whose stored message has any of `needles` inside one of its strings. */
  findDeliveriesMentioning(organisationId: string, needles: readonly string[]): Promise<Delivery[]>;
  replaceDeliveryMessage(organisationId: string, id: string, message: OutgoingMessage): Promise<void>;
  /**
   * Removes the person, their replies, identities, role grants, digest subscriptions, personal
   * Teams chats, deliveries addressed to them and audit rows by or about them; clears them as
   * action owner, round trigger and guest inviter. All or nothing.
   */
  erasePerson(organisationId: string, author: Authorship, at: Date): Promise<ErasureCounts>;
}
