import { errors, jwtVerify, SignJWT } from 'jose';
import type { GuestInvitation } from '../dialogues/guests/model.js';

/**
 * The link an outside reviewer gets: an HS256 token naming one invitation, expiring with it.
 * The signature keeps anyone from forging or altering a link; the invitation row (checked on
 * every use) is what makes a link revocable.
 */
export type GuestTokenCheck =
  { status: 'valid'; organisationId: string; invitationId: string } | { status: 'expired' } | { status: 'invalid' };

const PURPOSE = 'guest';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signGuestToken(
  secret: string,
  invitation: Pick<GuestInvitation, 'id' | 'organisationId' | 'expiresAt' | 'createdAt'>,
): Promise<string> {
  return new SignJWT({ org: invitation.organisationId, purpose: PURPOSE })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(invitation.id)
    .setIssuedAt(Math.floor(invitation.createdAt.getTime() / 1000))
    .setExpirationTime(Math.floor(invitation.expiresAt.getTime() / 1000))
    .sign(key(secret));
}

/** Checks a guest token at `now` (the injected clock, so tests can move past expiry). */
export async function verifyGuestToken(secret: string, token: string, now: Date): Promise<GuestTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], currentDate: now });
    if (payload.purpose !== PURPOSE || typeof payload.org !== 'string' || typeof payload.sub !== 'string')
      return { status: 'invalid' };
    return { status: 'valid', organisationId: payload.org, invitationId: payload.sub };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { status: 'expired' };
    return { status: 'invalid' };
  }
}

export function guestUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/guest/${encodeURIComponent(token)}`;
}
