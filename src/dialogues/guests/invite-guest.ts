import { authorize, teamContext } from '../access.js';
import type { DialogueDeps } from '../deps.js';
import { fail, ok, type ErrorCode, type Result } from '../result.js';
import type { GuestInvitation } from './model.js';

const DAY = 86_400_000;
export const DEFAULT_GUEST_DAYS = 14;
export const MAX_GUEST_DAYS = 90;
export const MAX_GUEST_NAME_CHARS = 80;

export type GuestErrorCode = ErrorCode | 'guest.round_open' | 'guest.not_found' | 'guest.expired' | 'guest.revoked';

export interface InviteGuestInput {
  organisationId: string;
  /** null: the operator at the command line. */
  actorPersonId: string | null;
  roundId: string;
  name: string;
  /** How long the link works; default 14 days, at most 90. */
  days?: number;
}

/**
 * Invites an outside reviewer to a closed round (question 4, "Wie laten we meekijken?"). The
 * caller turns the invitation into a signed link; the row decides whether the link still works.
 * Only a coordinator of the round's team may invite, and every invitation is audited.
 */
export async function inviteGuest(
  deps: DialogueDeps,
  input: InviteGuestInput,
): Promise<Result<GuestInvitation, GuestErrorCode>> {
  const { store, clock } = deps;
  const round = await store.rounds.get(input.organisationId, input.roundId);
  if (!round) return fail('round.not_found');
  const team = await store.teams.get(input.organisationId, round.teamId);
  if (!team) return fail('team.not_found', { team: round.teamId });
  if (input.actorPersonId !== null) {
    const allowed = await authorize(store, input.organisationId, input.actorPersonId, 'trigger', teamContext(team));
    if (!allowed.ok) return allowed;
  }
  if (round.status !== 'closed') return fail('guest.round_open');
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (name === '' || name.length > MAX_GUEST_NAME_CHARS) return fail('input.invalid', { field: 'name' });
  const days = input.days ?? DEFAULT_GUEST_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_GUEST_DAYS) return fail('input.invalid', { field: 'days' });

  const now = clock.now();
  const invitation: GuestInvitation = {
    id: deps.newId(),
    organisationId: input.organisationId,
    roundId: round.id,
    name,
    invitedBy: input.actorPersonId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + days * DAY),
    revokedAt: null,
    lastUsedAt: null,
  };
  await store.transaction(async (tx) => {
    await tx.guests.create(invitation);
    await tx.audit.record({
      organisationId: input.organisationId,
      actorPersonId: input.actorPersonId,
      action: 'guest.invited',
      subject: `guest:${invitation.id}`,
      details: { roundId: round.id, name, expiresAt: invitation.expiresAt.toISOString() },
      at: now,
    });
  });
  return ok(invitation);
}

export interface RevokeGuestInput {
  organisationId: string;
  actorPersonId: string | null;
  invitationId: string;
}

/** Revokes an invitation: its link stops working at once. Revoking twice is fine. */
export async function revokeGuest(
  deps: DialogueDeps,
  input: RevokeGuestInput,
): Promise<Result<GuestInvitation, GuestErrorCode>> {
  const { store, clock } = deps;
  const invitation = await store.guests.get(input.organisationId, input.invitationId);
  if (!invitation) return fail('guest.not_found');
  const round = await store.rounds.get(input.organisationId, invitation.roundId);
  const team = round ? await store.teams.get(input.organisationId, round.teamId) : null;
  if (input.actorPersonId !== null) {
    if (!team) return fail('team.not_found', { team: round?.teamId ?? '' });
    const allowed = await authorize(store, input.organisationId, input.actorPersonId, 'trigger', teamContext(team));
    if (!allowed.ok) return allowed;
  }
  const now = clock.now();
  await store.transaction(async (tx) => {
    if (!(await tx.guests.revoke(input.organisationId, invitation.id, now))) return;
    await tx.audit.record({
      organisationId: input.organisationId,
      actorPersonId: input.actorPersonId,
      action: 'guest.revoked',
      subject: `guest:${invitation.id}`,
      details: { roundId: invitation.roundId },
      at: now,
    });
  });
  return ok((await store.guests.get(input.organisationId, invitation.id)) ?? invitation);
}
