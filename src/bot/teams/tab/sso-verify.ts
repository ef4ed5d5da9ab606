import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** Who a verified Teams SSO token names. */
export interface SsoIdentity {
  tenantId: string;
  objectId: string;
  name: string;
}

export type SsoResult = { ok: true; identity: SsoIdentity } | { ok: false; reason: string };

export interface SsoSettings {
  jwksUrl: string;
  /** Expected issuer; `{tenantid}` is replaced by the token's tenant (Entra issuers are per tenant). */
  issuer: string | null;
  audience: string | null;
}

/** Entra's v2 and v1 issuers for a tenant, used when TEAMS_SSO_ISSUER is not set. */
const DEFAULT_ISSUERS = ['https://login.microsoftonline.com/{tenantid}/v2.0', 'https://sts.windows.net/{tenantid}/'];

/**
 * Verifies the SSO token the Teams tab gets from `authentication.getAuthToken()`: signature
 * against the configured JWKS (Microsoft's by default; tests serve locally generated keys),
 * issuer, audience (`api://<host>/<app id>`), expiry, RS256 only. jose caches the key set
 * and fetches again when it sees an unknown key id.
 *
 * @example
 * const verify = createSsoVerifier({ jwksUrl: config.teams.ssoJwksUrl, issuer: config.teams.ssoIssuer, audience: config.teams.ssoAudience });
 * const result = await verify(token);
 */
export function createSsoVerifier(settings: SsoSettings): (token: string) => Promise<SsoResult> {
  let keys: JWTVerifyGetKey | null = null;
  return async (token) => {
    if (!settings.audience) return { ok: false, reason: 'TEAMS_SSO_AUDIENCE is not configured' };
    let tenantId: string;
    try {
      const claims = decodeJwt(token);
      tenantId = typeof claims.tid === 'string' ? claims.tid : '';
    } catch {
      return { ok: false, reason: 'not a JWT' };
    }
    if (!/^[A-Za-z0-9-]{1,64}$/.test(tenantId)) return { ok: false, reason: 'token has no tenant' };
    const issuers = (settings.issuer ? [settings.issuer] : DEFAULT_ISSUERS).map((issuer) =>
      issuer.replace('{tenantid}', tenantId),
    );
    keys ??= createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5_000 });
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: issuers,
        audience: settings.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'oid', 'tid'],
      });
      const objectId = typeof payload.oid === 'string' ? payload.oid : '';
      if (!objectId) return { ok: false, reason: 'token has no object id' };
      const name =
        typeof payload.name === 'string'
          ? payload.name
          : typeof payload.preferred_username === 'string'
            ? payload.preferred_username
            : '';
      return { ok: true, identity: { tenantId, objectId, name } };
    } catch (error) {
      return { ok: false, reason: (error as { code?: string }).code ?? (error as Error).message };
    }
  };
}
