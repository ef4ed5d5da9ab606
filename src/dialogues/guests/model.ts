/**
 * An outside reviewer ("meekijker") invited to one closed round. The link they get is a signed
 * token naming this invitation; the row decides whether it still works (expiry, revocation).
 */
export interface GuestInvitation {
  id: string;
  organisationId: string;
  roundId: string;
  /** How the reviewer is known: "MR Het Palet", "Collega De Regenboog". Shown with their view. */
  name: string;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}
