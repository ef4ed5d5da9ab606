import type { Request, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';

/**
 * Who is signed in to the web pages (web channel, dashboard, Teams tab): a short signed token in
 * an HttpOnly, SameSite=Strict cookie. The same token format serves as the one-time sign-in link
 * the bot hands out in chat (`/auth/link?token=…`), with its own purpose claim.
 */
export interface WebSession {
  organisationId: string;
  personId: string;
}

export const SESSION_COOKIE = 'vv_session';
type Purpose = 'session' | 'link';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signWebToken(secret: string, session: WebSession, purpose: Purpose, ttlSeconds: number): Promise<string> {
  return new SignJWT({ org: session.organisationId, purpose })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.personId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

export async function verifyWebToken(secret: string, token: string, purpose: Purpose): Promise<WebSession | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'] });
    if (payload.purpose !== purpose || typeof payload.org !== 'string' || typeof payload.sub !== 'string') return null;
    return { organisationId: payload.org, personId: payload.sub };
  } catch {
    return null;
  }
}

export async function startSession(res: Response, secret: string, session: WebSession, ttlSeconds = 8 * 3600): Promise<void> {
  const token = await signWebToken(secret, session, 'session', ttlSeconds);
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', maxAge: ttlSeconds * 1000, path: '/' });
}

export function endSession(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

export async function readSession(req: Request, secret: string): Promise<WebSession | null> {
  const token = cookie(req, SESSION_COOKIE);
  return token ? verifyWebToken(secret, token, 'session') : null;
}

function cookie(req: Request, name: string): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}
