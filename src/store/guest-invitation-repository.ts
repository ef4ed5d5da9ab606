import type { Selectable } from 'kysely';
import type { GuestInvitation } from '../dialogues/guests/model.js';
import type { GuestInvitationRepository } from '../dialogues/ports.js';
import type { GuestInvitationTable } from './outcomes-schema.js';
import type { Executor } from './sql-helpers.js';

export function guestInvitationRepository(db: Executor): GuestInvitationRepository {
  return {
    async create(invitation) {
      await db
        .insertInto('guest_invitations')
        .values({
          id: invitation.id,
          organisation_id: invitation.organisationId,
          round_id: invitation.roundId,
          name: invitation.name,
          invited_by: invitation.invitedBy,
          created_at: invitation.createdAt,
          expires_at: invitation.expiresAt,
          revoked_at: invitation.revokedAt,
          last_used_at: invitation.lastUsedAt,
        })
        .execute();
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('guest_invitations')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toInvitation(row);
    },

    async listByRound(organisationId, roundId) {
      const rows = await db
        .selectFrom('guest_invitations')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('round_id', '=', roundId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toInvitation);
    },

    async revoke(organisationId, id, at) {
      const result = await db
        .updateTable('guest_invitations')
        .set({ revoked_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async claimViewSlot(organisationId, id, max) {
      const claimed = await db
        .updateTable('guest_invitations')
        .set((eb) => ({ views_added: eb('views_added', '+', 1) }))
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('views_added', '<', max)
        .executeTakeFirst();
      return claimed.numUpdatedRows > 0n;
    },

    async markUsed(organisationId, id, at) {
      await db
        .updateTable('guest_invitations')
        .set({ last_used_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
    },
  };
}

function toInvitation(row: Selectable<GuestInvitationTable>): GuestInvitation {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    roundId: row.round_id,
    name: row.name,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
