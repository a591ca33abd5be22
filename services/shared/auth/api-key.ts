import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** An API key is `<keyId>.<secret>`: the id finds the record, only a salted scrypt hash of the secret is stored. */
export interface StoredKey {
  readonly keyId: string;
  readonly salt: string;
  readonly hash: string;
}

const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, KEY_LENGTH, (error, derived) => (error ? reject(error) : resolve(derived))));
}

/** Issuing a key happens in the CLI, off any request path: the synchronous form is fine there. */
export function newApiKey(): { key: string; stored: StoredKey } {
  const keyId = `sk_${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return { key: `${keyId}.${secret}`, stored: { keyId, salt, hash: scryptSync(secret, Buffer.from(salt, 'hex'), KEY_LENGTH).toString('hex') } };
}

export function splitApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = /^(sk_[0-9a-f]{12})\.([A-Za-z0-9_-]{16,128})$/.exec(key.trim());
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined;
}

/** scrypt runs on libuv's thread pool: verifying a secret never blocks the event loop. */
export async function secretMatches(secret: string, stored: StoredKey): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = await scryptAsync(secret, Buffer.from(stored.salt, 'hex'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * A key that matches nothing, hashed against when the key id is unknown or revoked, so that such an
 * answer costs the same scrypt as a wrong secret for a live key and timing tells no key ids apart.
 */
export const DECOY_KEY: StoredKey = { keyId: 'sk_000000000000', salt: '00'.repeat(16), hash: '00'.repeat(KEY_LENGTH) };
