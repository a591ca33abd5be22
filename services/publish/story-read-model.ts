import type { Redis } from 'ioredis';
import type { Story } from '../contracts/types.generated.ts';
import type { KillRecord } from '../domain/story/index.ts';
import { ACTIVE, resolveKeys, type ProjectionTarget } from './active-projection.ts';
import { FeedLog } from './feed-log.ts';
import type { ProjectionKeys } from './index-keys.ts';
import type { FacetKind } from './facets.ts';
import type { PublishedVersion } from './story-view.ts';

export type StoryLookup =
  | { readonly kind: 'missing' }
  | { readonly kind: 'killed'; readonly kill: KillRecord }
  | { readonly kind: 'published'; readonly story: Story; readonly sequence: number; readonly offset: string };

export interface IndexPage {
  readonly entries: ReadonlyArray<{ readonly storyId: string; readonly score: number }>;
  readonly exhausted: boolean;
}

/**
 * Reads of the projection for the API; it never writes. Unpublished stories read as missing. The
 * prefix is resolved on each read, so a blue/green swap takes effect on the next request.
 */
export class StoryReadModel {
  constructor(
    private readonly redis: Redis,
    private readonly target: ProjectionTarget = ACTIVE,
    /** The change feed (outside every projection prefix). */
    readonly changes: FeedLog = new FeedLog(redis),
  ) {}

  private keys(): Promise<ProjectionKeys> {
    return resolveKeys(this.redis, this.target);
  }

  async story(storyId: string): Promise<StoryLookup> {
    const [status, story, killed, seq, offset] = await this.redis.hmget((await this.keys()).story(storyId), 'status', 'story', 'killed', 'seq', 'offset');
    if (status === 'killed' && killed) return { kind: 'killed', kill: JSON.parse(killed) as KillRecord };
    if (status !== 'published' || !story) return { kind: 'missing' };
    return { kind: 'published', story: JSON.parse(story) as Story, sequence: Number(seq), offset: offset ?? '' };
  }

  async stories(storyIds: readonly string[]): Promise<Map<string, Story>> {
    const found = new Map<string, Story>();
    if (storyIds.length === 0) return found;
    const keys = await this.keys();
    const pipeline = this.redis.pipeline();
    for (const id of storyIds) pipeline.hmget(keys.story(id), 'status', 'story');
    const results = (await pipeline.exec()) ?? [];
    results.forEach(([error, value], i) => {
      const [status, story] = (value ?? []) as Array<string | null>;
      if (!error && status === 'published' && story) found.set(storyIds[i]!, JSON.parse(story) as Story);
    });
    return found;
  }

  async version(storyId: string, providerVersion: number): Promise<PublishedVersion | null> {
    const raw = await this.redis.hget((await this.keys()).versions(storyId), String(providerVersion));
    return raw ? (JSON.parse(raw) as PublishedVersion) : null;
  }

  async versions(storyId: string): Promise<PublishedVersion[]> {
    const all = await this.redis.hvals((await this.keys()).versions(storyId));
    return all.map((raw) => JSON.parse(raw) as PublishedVersion).sort((a, b) => a.version - b.version);
  }

  /** Newest first, from `maxScore` (inclusive) down to `minScore`. */
  async indexPage(index: { kind: FacetKind; value: string } | null, maxScore: number, minScore: number, count: number, skip: number): Promise<IndexPage> {
    const keys = await this.keys();
    const key = index ? keys.facetIndex(index.kind, index.value) : keys.timeIndex;
    const flat = await this.redis.zrange(key, maxScore, minScore, 'BYSCORE', 'REV', 'LIMIT', skip, count, 'WITHSCORES');
    const entries: Array<{ storyId: string; score: number }> = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ storyId: flat[i]!, score: Number(flat[i + 1]) });
    return { entries, exhausted: entries.length < count };
  }

  async projectionOffsets(): Promise<Record<string, string>> {
    return this.redis.hgetall((await this.keys()).offsets);
  }
}
