import type { DigestMessage } from '../../dialogues/messages.js';
import type { ChannelBinding, Locale, Person, Platform } from '../../dialogues/model.js';
import type { GuestInvitation } from '../../dialogues/guests/model.js';
import type { Fail } from '../../dialogues/result.js';
import { t } from '../../i18n/index.js';

// What a command is given and what it answers, shared by run-command.ts and the command groups it
// dispatches to (run-admin, run-follow-up, list-roles), which would otherwise import each other.

/** Where a command was given and by whom, already resolved by the adapter. */
export interface CommandContext {
  organisationId: string;
  personId: string;
  locale: Locale;
  /** The channel the command was given in; null in a direct message. */
  channel: {
    platform: Platform;
    workspaceId: string;
    channelId: string;
    name: string;
    address: Record<string, unknown>;
  } | null;
  /** The binding of that channel, when it is bound. */
  binding: ChannelBinding | null;
  /**
   * The person behind a platform mention in the command (`<@id>`, `<@id|name>`), met for the
   * first time if need be. Absent where a platform has no mentions (the web channel).
   */
  findMentioned?(mention: { userId: string; name: string | null }): Promise<Person | null>;
}

/** Features that other parts of the product plug in (digests, dashboard links). */
export interface CommandFeatures {
  digestPreview?(ctx: CommandContext): Promise<DigestMessage | null>;
  dashboardLink?(ctx: CommandContext): Promise<{ url: string; expiresAt: Date }>;
  /** The signed link an invited outside reviewer opens. */
  guestLink?(invitation: GuestInvitation): Promise<string>;
  /** DIGEST_AT: the moment a channel's digest goes out when `digest kanaal` names none. */
  digestAt?: { weekday: number; hour: number; minute: number };
}

export interface ListItem {
  id: string;
  text: string;
  /** Buttons the adapter may offer for this item: a command text each, such as `schema pauzeer <id>`. */
  commands: { label: string; command: string }[];
}

/** What the adapter shows. Texts are translated; adapters escape and format them for their platform. */
export type CommandReply =
  | { kind: 'text'; text: string; visibility: 'private' | 'channel' }
  | { kind: 'help'; title: string; lines: string[] }
  | { kind: 'list'; title: string; items: ListItem[]; empty: string }
  | { kind: 'schedule_form' }
  | { kind: 'digest'; message: DigestMessage }
  | { kind: 'error'; code: string; text: string };

/** A refused command: the catalogue text for the failure's stable code. */
export function refusal(locale: Locale, failure: Fail<string>): CommandReply {
  const details: Record<string, string | number> = { ...failure.details };
  if (failure.code === 'permission.denied' && typeof details.role === 'string')
    details.role = t(locale, `role.${details.role as 'member'}`);
  return { kind: 'error', code: failure.code, text: t(locale, `error.${failure.code}`, details) };
}
