import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

/**
 * A local token issuer: an RSA key pair generated for the test run, its public key served as a
 * JWKS (`/keys`) behind an OpenID configuration (`/openid`), the way the Bot Connector and Entra
 * publish theirs. A second, unpublished key signs "foreign" tokens.
 *
 * @example
 * const identity = await startFakeIdentity();
 * const token = await identity.sign({ iss: 'https://api.botframework.com', aud: APP_ID });
 */
export interface FakeIdentity {
  readonly openIdUrl: string;
  readonly jwksUrl: string;
  /** Signs claims with the published key (or the unpublished one); expires in an hour unless `exp` is given. */
  sign(claims: JWTPayload, options?: { foreign?: boolean }): Promise<string>;
  close(): Promise<void>;
}

const KID = 'test-key-1';

export async function startFakeIdentity(options: { endorsements?: string[] } = {}): Promise<FakeIdentity> {
  const published = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const jwk = {
    ...(await exportJWK(published.publicKey)),
    kid: KID,
    use: 'sig',
    alg: 'RS256',
    ...(options.endorsements ? { endorsements: options.endorsements } : {}),
  };
  let base = '';
  const server: Server = createServer((req, res) => {
    const body =
      req.url === '/openid'
        ? { issuer: 'fake', jwks_uri: `${base}/keys` }
        : req.url === '/keys'
          ? { keys: [jwk] }
          : null;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openIdUrl: `${base}/openid`,
    jwksUrl: `${base}/keys`,
    async sign(claims, signOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ nbf: now - 10, iat: now - 10, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .sign(signOptions.foreign ? foreign.privateKey : published.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
