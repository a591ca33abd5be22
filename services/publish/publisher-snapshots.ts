import type { Redis } from 'ioredis';
import { retriable } from '../shared/errors.ts';
import { publisherOwnerKey, storyKeys } from './index-keys.ts';
import { initialView, type StoryView } from './story-view.ts';

/**
 * The publisher's per-story high-water marks. `seq` is the last event whose outputs were prepared
 * (its view and the view before it are kept, so a retried transaction recomputes the same records);
 * `committed` is the last event whose Kafka transaction is known to have committed; `owner` is the
 * ownership epoch of the input partition's owner that wrote it.
 */
export interface PublisherSnapshot {
  readonly seq: number;
  readonly view: StoryView;
  readonly prevView: StoryView;
  readonly committed: number;
  readonly owner: number;
}

/**
 * Compare-and-set on `seq`, fenced by the owner's epoch: a writer whose epoch is older than the
 * snapshot's lost the partition in a rebalance (a zombie), so its `seq == snapshot.seq` is not its own
 * retry but the new owner's preparation, and it is refused (-1).
 */
const SAVE = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local owner = tonumber(redis.call('HGET', KEYS[1], 'owner') or '0')
if tonumber(ARGV[6]) < owner then return -1 end
if cur ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'view', ARGV[3], 'prevView', ARGV[4], 'committed', ARGV[5], 'owner', ARGV[6])
return 1
`;

const MARK_COMMITTED = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'committed') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'committed', ARGV[1]) end
return 1
`;

type SnapshotRedis = Redis & {
  slPubSave(key: string, ...args: string[]): Promise<number>;
  slPubCommitted(key: string, seq: string): Promise<number>;
};

export class PublisherSnapshots {
  private readonly redis: SnapshotRedis;

  constructor(redis: Redis) {
    if (!('slPubSave' in redis)) {
      redis.defineCommand('slPubSave', { numberOfKeys: 1, lua: SAVE });
      redis.defineCommand('slPubCommitted', { numberOfKeys: 1, lua: MARK_COMMITTED });
    }
    this.redis = redis as SnapshotRedis;
  }

  async load(storyId: string): Promise<PublisherSnapshot> {
    const [seq, view, prevView, committed, owner] = await this.redis.hmget(storyKeys(storyId).publisher, 'seq', 'view', 'prevView', 'committed', 'owner');
    const empty = initialView(storyId);
    return {
      seq: Number(seq ?? 0),
      view: view ? (JSON.parse(view) as StoryView) : empty,
      prevView: prevView ? (JSON.parse(prevView) as StoryView) : empty,
      committed: Number(committed ?? 0),
      owner: Number(owner ?? 0),
    };
  }

  async save(storyId: string, expectedSeq: number, next: PublisherSnapshot): Promise<void> {
    const ok = await this.redis.slPubSave(storyKeys(storyId).publisher, String(expectedSeq), String(next.seq), JSON.stringify(next.view), JSON.stringify(next.prevView), String(next.committed), String(next.owner));
    if (ok === -1) throw retriable('publisher_fenced', `a newer owner of ${storyId}'s partition wrote its snapshot (epoch ${next.owner} is stale)`);
    if (ok !== 1) throw retriable('publisher_conflict', `publisher snapshot of ${storyId} moved past ${expectedSeq}`);
  }

  /** A new owner of an input partition takes the next epoch: every snapshot it writes fences the older owners. */
  async claimOwnership(topic: string, partition: number): Promise<number> {
    return this.redis.incr(publisherOwnerKey(topic, partition));
  }

  async markCommitted(storyId: string, seq: number): Promise<void> {
    await this.redis.slPubCommitted(storyKeys(storyId).publisher, String(seq));
  }
}
