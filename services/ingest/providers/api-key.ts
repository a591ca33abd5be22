import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** An API key is `<keyId>.<secret>`: the id finds the record, only a salted scrypt hash of the secret is stored. */
export interface StoredKey {
  readonly keyId: string;
  readonly salt: string;
  readonly hash: string;
}

const KEY_LENGTH = 32;

function hashSecret(secret: string, salt: string): Buffer {
  return scryptSync(secret, Buffer.from(salt, 'hex'), KEY_LENGTH);
}

export function newApiKey(): { key: string; stored: StoredKey } {
  const keyId = `sk_${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return { key: `${keyId}.${secret}`, stored: { keyId, salt, hash: hashSecret(secret, salt).toString('hex') } };
}

export function splitApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = /^(sk_[0-9a-f]{12})\.([A-Za-z0-9_-]{16,128})$/.exec(key.trim());
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, stored: StoredKey): boolean {
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = hashSecret(secret, stored.salt);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
