import { createHmac } from 'node:crypto';

/**
 * A stable pseudonym for one person in one round. Anonymous rounds store only this, so the
 * person can still edit their answer while nobody reading the database can tell who wrote it.
 */
export function authorToken(secret: string, roundId: string, personId: string): string {
  return createHmac('sha256', secret).update(`${roundId}:${personId}`).digest('base64url').slice(0, 27);
}

/** A guest (outside reviewer) writes under their invitation, not under a person. */
export function guestToken(secret: string, roundId: string, invitationId: string): string {
  return createHmac('sha256', secret).update(`${roundId}:guest:${invitationId}`).digest('base64url').slice(0, 27);
}
