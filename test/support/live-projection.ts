import type { Redis } from 'ioredis';
import { activePrefix } from '../../services/publish/active-projection.ts';
import { projectionKeys, type ProjectionKeys } from '../../services/publish/index-keys.ts';

/** The keys the live projection writes now: after a blue/green swap (another test's rebuild) they are not `sl:`. */
export async function liveProjectionKeys(redis: Redis): Promise<ProjectionKeys> {
  return projectionKeys(await activePrefix(redis));
}
