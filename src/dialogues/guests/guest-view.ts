import { guestToken } from '../author-token.js';
import type { DialogueDeps } from '../deps.js';
import { MAX_GUEST_VIEWS, MAX_REPLY_CHARS } from '../limits.js';
import type { Reply, Round } from '../model.js';
import { QUESTION_KEYS, type QuestionKey } from '../questions.js';
import { fail, ok, type Result } from '../result.js';
import type { GuestErrorCode } from './invite-guest.js';
import type { GuestInvitation } from './model.js';

/** Below this many participants a guest sees only counts, never the answers' text. */
export const MIN_GUEST_GROUP = 3;

/** What an outside reviewer sees: the round's summary without names. */
export interface GuestPage {
  invitation: GuestInvitation;
  round: Round;
  teamName: string;
  participants: number;
  /** Per question asked: how many answered, and the texts when the group is large enough. */
  questions: { key: QuestionKey; count: number; texts: string[] }[];
  /** Views earlier guests added (their invitation name, and text). */
  outsideViews: { name: string; text: string }[];
}

/**
 * Opens the page behind a guest link. The link's signature is checked by the caller; this checks
 * that the invitation still stands (not revoked, not expired) and audits the visit.
 */
export async function openGuestPage(
  deps: DialogueDeps,
  organisationId: string,
  invitationId: string,
): Promise<Result<GuestPage, GuestErrorCode>> {
  const checked = await standingInvitation(deps, organisationId, invitationId);
  if (!checked.ok) return checked;
  const { invitation, round } = checked.value;
  const { store } = deps;
  const team = await store.teams.get(organisationId, round.teamId);
  const replies = await store.replies.listByRound(organisationId, round.id);
  const teamReplies = replies.filter((r) => r.source !== 'guest');
  const participants = new Set(teamReplies.map((r) => r.authorToken)).size;
  const showText = participants >= MIN_GUEST_GROUP;
  const asked = round.questions.map((q) => q.key);
  const questions = QUESTION_KEYS.filter((key) => asked.includes(key)).map((key) => {
    const answers = teamReplies.filter((r) => r.questionKey === key);
    return { key, count: answers.length, texts: showText ? answers.map((r) => r.text) : [] };
  });
  const invitations = await store.guests.listByRound(organisationId, round.id);
  const outsideViews = replies
    .filter((r) => r.source === 'guest')
    .map((r) => ({ name: guestName(r, invitations, deps.tokenSecret), text: r.text }));
  await audit(deps, invitation, 'guest.viewed', {});
  return ok({ invitation, round, teamName: team?.name ?? '', participants, questions, outsideViews });
}

/** Stores an outside reviewer's view as an `outside_view` answer from a guest. */
export async function addOutsideView(
  deps: DialogueDeps,
  organisationId: string,
  invitationId: string,
  text: string,
): Promise<Result<Reply, GuestErrorCode | 'reply.empty' | 'reply.too_long' | 'guest.view_limit'>> {
  const checked = await standingInvitation(deps, organisationId, invitationId);
  if (!checked.ok) return checked;
  const { invitation, round } = checked.value;
  const body = text.replace(/\r\n/g, '\n').trim();
  if (body === '') return fail('reply.empty');
  if (body.length > MAX_REPLY_CHARS) return fail('reply.too_long', { length: body.length, max: MAX_REPLY_CHARS });
  const now = deps.clock.now();
  const reply: Reply = {
    id: deps.newId(),
    organisationId,
    roundId: round.id,
    questionKey: 'outside_view',
    authorPersonId: null,
    authorToken: guestToken(deps.tokenSecret, round.id, invitation.id),
    text: body,
    source: 'guest',
    platform: null,
    platformMessageId: null,
    createdAt: now,
    editedAt: null,
    deletedAt: null,
  };
  // The cap is claimed in the same transaction as the insert: parallel posts queue on the
  // invitation's row, and a post that fails after claiming gives its slot back by rolling back.
  const added = await deps.store.transaction(async (tx) => {
    if (!(await tx.guests.claimViewSlot(organisationId, invitation.id, MAX_GUEST_VIEWS))) return false;
    await tx.replies.insert(reply);
    await audit({ ...deps, store: tx }, invitation, 'guest.view_added', { replyId: reply.id });
    return true;
  });
  return added ? ok(reply) : fail('guest.view_limit', { max: MAX_GUEST_VIEWS });
}

async function standingInvitation(
  deps: DialogueDeps,
  organisationId: string,
  invitationId: string,
): Promise<Result<{ invitation: GuestInvitation; round: Round }, GuestErrorCode>> {
  const invitation = await deps.store.guests.get(organisationId, invitationId);
  if (!invitation) return fail('guest.not_found');
  if (invitation.revokedAt !== null) return fail('guest.revoked');
  if (invitation.expiresAt.getTime() <= deps.clock.now().getTime()) return fail('guest.expired');
  const round = await deps.store.rounds.get(organisationId, invitation.roundId);
  if (!round) return fail('round.not_found');
  return ok({ invitation, round });
}

async function audit(
  deps: DialogueDeps,
  invitation: GuestInvitation,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  const now = deps.clock.now();
  await deps.store.guests.markUsed(invitation.organisationId, invitation.id, now);
  await deps.store.audit.record({
    organisationId: invitation.organisationId,
    actorPersonId: null,
    action,
    subject: `guest:${invitation.id}`,
    details: { roundId: invitation.roundId, name: invitation.name, ...details },
    at: now,
  });
}

export function guestName(reply: Reply, invitations: readonly GuestInvitation[], secret: string): string {
  return invitations.find((i) => guestToken(secret, reply.roundId, i.id) === reply.authorToken)?.name ?? '';
}
