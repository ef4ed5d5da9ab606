import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals secrets (Slack installations with their tokens) for storage with AES-256-GCM.
 * The key is ENCRYPTION_KEY: 32 random bytes, base64 or base64url. Each value gets a fresh
 * 12-byte nonce; `context` (the workspace id) is bound in as additional data, so a ciphertext
 * copied onto another workspace's row does not open.
 *
 * @example
 * const box = createTokenBox(config.encryptionKey);
 * const sealed = box.seal(JSON.stringify(installation), 'T0123');
 * const json = box.open(sealed, 'T0123');
 */
export interface TokenBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';

export function createTokenBox(encryptionKey: string): TokenBox {
  const key = decodeKey(encryptionKey);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join(':');
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('token-crypto: not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        // A wrong key or a tampered row: say so without echoing anything of the value.
        throw new Error('token-crypto: cannot open the sealed value (wrong ENCRYPTION_KEY or tampered data)', {
          cause: error,
        });
      }
    },
  };
}

function decodeKey(encoded: string): Buffer {
  const normalised = encoded.trim().replace(/-/g, '+').replace(/_/g, '/');
  const key = Buffer.from(normalised, 'base64');
  if (key.length !== 32) throw new Error(`token-crypto: ENCRYPTION_KEY must decode to 32 bytes (got ${key.length})`);
  return key;
}
