import { FACET_KINDS, facetValues, type FacetKind } from './facets.ts';
import type { StoryFacets } from '../contracts/types.generated.ts';

/**
 * Redis key layout of the publish side. Every key is rebuildable from story.events.v1 (drop the
 * `sl:` keys and replay the `projection` group from the beginning).
 *
 * Per story, all under the hash tag `{s:<storyId>}` so one Lua script may touch them together on
 * Redis Cluster:
 *   sl:story:{s:<id>}           hash  seq, offset (partition/offset consumed), view (StoryView JSON;
 *                                     an article the story shows is a reference to it: stored-view.ts),
 *                                     story (public Story JSON, absent when unpublished or killed),
 *                                     status (unpublished|published|killed), killed (kill record JSON,
 *                                     the tombstone that stays), indexed (JSON list of index keys the
 *                                     story is in), pending (index/feed operations not yet applied)
 *   sl:story:{s:<id>}:versions  hash  providerVersion → PublishedVersion JSON (article + what changed)
 *   sl:pub:{s:<id>}             hash  the publisher's own snapshot: seq, view, prevView, committed,
 *                                     owner (ownership epoch of the partition owner that wrote it)
 *
 * Indexes, each key its own slot (cluster spreads them); members are story ids, scores the
 * published version's versioncreated (epoch ms):
 *   sl:idx:{time}                       every public story
 *   sl:idx:{subject:<value>}            likewise per subject / place / person / organisation / provider
 *   sl:idx:{place:<value>} …
 *
 * The change feed (cursor feed and SSE), one slot:
 *   sl:feed:{feed}:p<partition>         stream of the story updates made by the events of one
 *                                       partition of story.events.v1; entry id `<offset>-1`
 *   sl:feed:{feed}:partitions           set of the partitions that have a stream
 *   sl:feed:{feed}:trimmed              hash  partition → highest offset the retention trimmed
 *
 * Projection checkpoint: sl:projection:{offsets}  hash  partition → highest offset applied
 * Publisher ownership epochs: sl:pub:owner:{<topic>:<partition>}  counter, incremented by each new
 * owner of an input partition (a stale owner's snapshot write is refused)
 *
 * Active projection: sl:projection:active  string  the prefix below (absent = `sl:`)
 */
export const KEY_PREFIX = 'sl:';

/**
 * The rebuildable part of the layout (story hashes, versions, indexes, the offsets checkpoint) lives
 * under a projection prefix: `sl:` for the first projection, `sl:p<id>:` for a blue/green rebuild.
 * `ACTIVE_PROJECTION` names the prefix the API reads and the live projection writes; publisher
 * snapshots and the change feed stay outside every prefix (a rebuild never touches them; the feed's
 * ids are log positions, so feed cursors and SSE ids survive a swap, and a feed rebuilt from the log).
 */
export const ACTIVE_PROJECTION = `${KEY_PREFIX}projection:active`;

const PROJECTION_PREFIX = /^sl:(p[a-z0-9]{1,12}-[0-9a-f]{6}:)?$/;

export function isProjectionPrefix(prefix: string): boolean {
  return PROJECTION_PREFIX.test(prefix);
}

const tag = (storyId: string) => `{s:${storyId}}`;

export interface ProjectionKeys {
  readonly prefix: string;
  story(storyId: string): string;
  versions(storyId: string): string;
  readonly timeIndex: string;
  facetIndex(kind: FacetKind, value: string): string;
  /** Every index a public story belongs to: the time index and one per facet value. */
  indexKeysOf(facets: StoryFacets): string[];
  readonly offsets: string;
  /** SCAN patterns covering every key under the prefix (what a swap deletes). */
  readonly patterns: readonly string[];
}

export function projectionKeys(prefix: string = KEY_PREFIX): ProjectionKeys {
  if (!isProjectionPrefix(prefix)) throw new Error(`not a projection prefix: ${JSON.stringify(prefix)}`);
  const timeIndex = `${prefix}idx:{time}`;
  const facetIndex = (kind: FacetKind, value: string) => `${prefix}idx:{${kind}:${value}}`;
  return {
    prefix,
    story: (storyId) => `${prefix}story:${tag(storyId)}`,
    versions: (storyId) => `${prefix}story:${tag(storyId)}:versions`,
    timeIndex,
    facetIndex,
    indexKeysOf: (facets) => [timeIndex, ...FACET_KINDS.flatMap((kind) => facetValues(facets, kind).map((value) => facetIndex(kind, value)))],
    offsets: `${prefix}projection:{offsets}`,
    patterns: [`${prefix}story:*`, `${prefix}idx:*`, `${prefix}projection:{offsets}`],
  };
}

const live = projectionKeys(KEY_PREFIX);

export const storyKeys = (storyId: string) => ({
  story: live.story(storyId),
  versions: live.versions(storyId),
  publisher: `${KEY_PREFIX}pub:${tag(storyId)}`,
});

export const publisherOwnerKey = (topic: string, partition: number) => `${KEY_PREFIX}pub:owner:{${topic}:${partition}}`;

export const TIME_INDEX = live.timeIndex;

export function facetIndexKey(kind: FacetKind, value: string): string {
  return live.facetIndex(kind, value);
}

export const FEED_ROOT = `${KEY_PREFIX}feed:{feed}`;

/** The change feed's keys under a root (the live feed's, or a test's); one hash tag for all. */
export function feedKeys(root: string = FEED_ROOT): { stream(partition: number): string; readonly partitions: string; readonly trimmed: string } {
  return { stream: (partition) => `${root}:p${partition}`, partitions: `${root}:partitions`, trimmed: `${root}:trimmed` };
}
export const PROJECTION_OFFSETS = live.offsets;

/** Every index a public story belongs to under the first projection prefix. */
export function indexKeysOf(facets: StoryFacets): string[] {
  return live.indexKeysOf(facets);
}
