import { murmur32 } from './hashing.ts';

/** An item's key in the dedupe index: a base-36 murmur3 pair of (providerId, providerItemId). */
export function itemKeyOf(providerId: string, providerItemId: string): string {
  const key = `${providerId}\u0000${providerItemId}`;
  return `${murmur32(key, 0x1f123bb5).toString(36)}${murmur32(key, 0x3c6ef372).toString(36)}`;
}
