import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { projectionKeys } from '../../publish/index-keys.ts';

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface StoryDigestLine {
  readonly storyId: string;
  readonly sequence: number;
  readonly status: string;
  /** The public Story (published), the kill record (killed) or null (not public). */
  readonly state: unknown;
}

/** SHA-256 over the sorted (storyId, sequence, status, canonical public state) lines; offsets, pending operations, feed and publisher snapshots are left out. */
export function hashLines(lines: readonly StoryDigestLine[]): string {
  const hash = createHash('sha256');
  for (const line of [...lines].sort((a, b) => (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0))) {
    hash.update(`${line.storyId}\t${line.sequence}\t${line.status}\t${canonicalJson(line.state)}\n`);
  }
  return hash.digest('hex');
}

const STORY_ID = /story:\{s:(.+)\}$/;

/** Reads every story hash under a projection prefix (SCAN, so a large read model never blocks Redis). */
export async function readDigestLines(redis: Redis, prefix: string): Promise<StoryDigestLine[]> {
  const keys = projectionKeys(prefix);
  const lines: StoryDigestLine[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys.story('*').replace('{s:*}', '*'), 'COUNT', 500);
    cursor = next;
    const storyKeys = found.filter((key) => STORY_ID.test(key) && !key.endsWith(':versions'));
    if (storyKeys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of storyKeys) pipeline.hmget(key, 'seq', 'status', 'story', 'killed');
    const results = (await pipeline.exec()) ?? [];
    results.forEach(([error, value], i) => {
      if (error) throw error;
      const [seq, status, story, killed] = value as Array<string | null>;
      const storyId = STORY_ID.exec(storyKeys[i]!)![1]!;
      const state: unknown = status === 'published' && story ? JSON.parse(story) : status === 'killed' && killed ? JSON.parse(killed) : null;
      lines.push({ storyId, sequence: Number(seq ?? 0), status: status ?? 'unknown', state });
    });
  } while (cursor !== '0');
  return lines;
}

export interface ProjectionHash {
  readonly prefix: string;
  readonly stories: number;
  readonly sha256: string;
}

export async function projectionHash(redis: Redis, prefix: string): Promise<ProjectionHash> {
  const lines = await readDigestLines(redis, prefix);
  return { prefix, stories: lines.length, sha256: hashLines(lines) };
}

export interface StateDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: ReadonlyArray<{ readonly storyId: string; readonly before: { sequence: number; status: string }; readonly after: { sequence: number; status: string } }>;
}

/** Which stories differ between two read models (a dry run's answer to "what would change"). */
export function diffStates(before: readonly StoryDigestLine[], after: readonly StoryDigestLine[]): StateDiff {
  const old = new Map(before.map((l) => [l.storyId, l] as const));
  const next = new Map(after.map((l) => [l.storyId, l] as const));
  const changed: Array<StateDiff['changed'][number]> = [];
  for (const [id, line] of next) {
    const previous = old.get(id);
    if (previous && (previous.sequence !== line.sequence || previous.status !== line.status || canonicalJson(previous.state) !== canonicalJson(line.state))) {
      changed.push({ storyId: id, before: { sequence: previous.sequence, status: previous.status }, after: { sequence: line.sequence, status: line.status } });
    }
  }
  return {
    added: [...next.keys()].filter((id) => !old.has(id)).sort(),
    removed: [...old.keys()].filter((id) => !next.has(id)).sort(),
    changed: changed.sort((a, b) => (a.storyId < b.storyId ? -1 : 1)),
  };
}
