import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';

/**
 * Who is signed in to the web pages (web channel, dashboard, Teams tab): a short signed token in
 * an HttpOnly, SameSite=Strict cookie (and Secure when PUBLIC_URL is https). The same token format
 * serves as the sign-in link the bot hands out in chat (`/auth/link?token=…`), with its own purpose
 * claim and an id (`jti`) that is spent on first use (see `spendSignInLink`).
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

export async function signWebToken(
  secret: string,
  session: WebSession,
  purpose: Purpose,
  ttlSeconds: number,
): Promise<string> {
  const jwt = new SignJWT({ org: session.organisationId, purpose }).setProtectedHeader({ alg: 'HS256' });
  if (purpose === 'link') jwt.setJti(randomUUID());
  return jwt
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

/** A sign-in link's session, and its id and expiry for recording its one use. */
export interface SignInLink {
  session: WebSession;
  jti: string;
  expiresAt: Date;
}

export async function verifySignInLink(secret: string, token: string): Promise<SignInLink | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'] });
    if (payload.purpose !== 'link' || typeof payload.org !== 'string' || typeof payload.sub !== 'string') return null;
    // A link without an id cannot be spent, so it is not accepted at all.
    if (typeof payload.jti !== 'string' || payload.jti === '' || typeof payload.exp !== 'number') return null;
    return {
      session: { organisationId: payload.org, personId: payload.sub },
      jti: payload.jti,
      expiresAt: new Date(payload.exp * 1000),
    };
  } catch {
    return null;
  }
}

/** Whether cookies must be `Secure`: whenever browsers reach the server over https. */
export function secureCookies(publicUrl: string): boolean {
  return publicUrl.startsWith('https://');
}

export async function startSession(
  res: Response,
  secret: string,
  session: WebSession,
  options: { secure: boolean; ttlSeconds?: number },
): Promise<void> {
  const ttlSeconds = options.ttlSeconds ?? 8 * 3600;
  const token = await signWebToken(secret, session, 'session', ttlSeconds);
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: options.secure,
    sameSite: 'strict',
    maxAge: ttlSeconds * 1000,
    path: '/',
  });
}

export function endSession(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure, sameSite: 'strict', path: '/' });
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
