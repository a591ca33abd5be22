import { FACET_KINDS, facetValues, type FacetKind } from './facets.ts';
import type { StoryFacets } from '../contracts/types.generated.ts';

/**
 * Redis key layout of the publish side. Every key is rebuildable from story.events.v1 (drop the
 * `sl:` keys and replay the `projection` group from the beginning).
 *
 * Per story, all under the hash tag `{s:<storyId>}` so one Lua script may touch them together on
 * Redis Cluster:
 *   sl:story:{s:<id>}           hash  seq, offset (partition/offset consumed), view (StoryView JSON),
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
 *   sl:feed:{feed}                      stream of story updates; entry ids are the feed cursor
 *   sl:feed:{feed}:seen:<updateId>      marks an update already appended (idempotent append)
 *
 * Projection checkpoint: sl:projection:{offsets}  hash  partition → highest offset applied
 * Publisher ownership epochs: sl:pub:owner:{<topic>:<partition>}  counter, incremented by each new
 * owner of an input partition (a stale owner's snapshot write is refused)
 */
export const KEY_PREFIX = 'sl:';

const tag = (storyId: string) => `{s:${storyId}}`;

export const storyKeys = (storyId: string) => ({
  story: `${KEY_PREFIX}story:${tag(storyId)}`,
  versions: `${KEY_PREFIX}story:${tag(storyId)}:versions`,
  publisher: `${KEY_PREFIX}pub:${tag(storyId)}`,
});

export const publisherOwnerKey = (topic: string, partition: number) => `${KEY_PREFIX}pub:owner:{${topic}:${partition}}`;

export const TIME_INDEX = `${KEY_PREFIX}idx:{time}`;

export function facetIndexKey(kind: FacetKind, value: string): string {
  return `${KEY_PREFIX}idx:{${kind}:${value}}`;
}

export const FEED_KEY = `${KEY_PREFIX}feed:{feed}`;
export const feedSeenKey = (updateId: string) => `${KEY_PREFIX}feed:{feed}:seen:${updateId}`;
export const PROJECTION_OFFSETS = `${KEY_PREFIX}projection:{offsets}`;

/** Every index a public story belongs to: the time index and one per facet value. */
export function indexKeysOf(facets: StoryFacets): string[] {
  return [TIME_INDEX, ...FACET_KINDS.flatMap((kind) => facetValues(facets, kind).map((value) => facetIndexKey(kind, value)))];
}
