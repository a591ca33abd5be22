import type { Redis } from 'ioredis';
import { ACTIVE_PROJECTION, KEY_PREFIX, isProjectionPrefix, projectionKeys, type ProjectionKeys } from './index-keys.ts';

/** Which projection prefix the live side uses: a fixed one (a rebuild writing its own), or the one named in Redis. */
export type ProjectionTarget = { readonly kind: 'active' } | { readonly kind: 'fixed'; readonly prefix: string };

export const ACTIVE: ProjectionTarget = { kind: 'active' };

/** The prefix the API reads and the live projection writes; absent = the first projection (`sl:`). */
export async function activePrefix(redis: Redis): Promise<string> {
  const prefix = (await redis.get(ACTIVE_PROJECTION)) ?? KEY_PREFIX;
  if (!isProjectionPrefix(prefix)) throw new Error(`${ACTIVE_PROJECTION} holds ${JSON.stringify(prefix)}, not a projection prefix`);
  return prefix;
}

/**
 * Resolved on every call, not cached: after a blue/green swap the next read and the next write go
 * to the new prefix (the old one is deleted only after a grace period that outlasts reads in flight).
 */
export async function resolveKeys(redis: Redis, target: ProjectionTarget): Promise<ProjectionKeys> {
  return projectionKeys(target.kind === 'fixed' ? target.prefix : await activePrefix(redis));
}
