import type { Admin } from 'kafkajs';

/** Where a read, replay or reset starts or ends: a time (record CreateTime), explicit offsets, or an end of the log. */
export type PositionSpec =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'time'; readonly ms: number }
  | { readonly kind: 'offsets'; readonly offsets: ReadonlyMap<number, string> };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const OFFSETS = /^\d{1,5}:\d{1,19}(,\d{1,5}:\d{1,19}){0,255}$/;

/** `earliest`, `latest`, an ISO 8601 time or epoch ms, or `partition:offset[,…]`. */
export function parsePosition(text: string): Parsed<PositionSpec> {
  const value = text.trim();
  if (value === 'earliest' || value === 'latest') return { ok: true, value: { kind: value } };
  if (OFFSETS.test(value)) {
    const offsets = new Map<number, string>();
    for (const pair of value.split(',')) {
      const [partition, offset] = pair.split(':');
      if (offsets.has(Number(partition))) return { ok: false, message: `partition ${partition} given twice in ${value}` };
      offsets.set(Number(partition), String(BigInt(offset!)));
    }
    return { ok: true, value: { kind: 'offsets', offsets } };
  }
  if (/^\d{1,15}$/.test(value)) return { ok: true, value: { kind: 'time', ms: Number(value) } };
  if (value.length <= 40 && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return { ok: true, value: { kind: 'time', ms } };
  }
  return { ok: false, message: `${JSON.stringify(value.slice(0, 60))} is not a position: use earliest, latest, an ISO 8601 time, epoch ms or partition:offset[,…]` };
}

export interface PartitionBounds {
  readonly partition: number;
  /** Offset of the first record kept. */
  readonly low: string;
  /** The next offset to be written (high watermark). */
  readonly high: string;
}

export async function partitionBounds(admin: Admin, topic: string): Promise<PartitionBounds[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high })).sort((a, b) => a.partition - b.partition);
}

const clamp = (offset: bigint, bounds: PartitionBounds) => {
  const low = BigInt(bounds.low);
  const high = BigInt(bounds.high);
  return String(offset < low ? low : offset > high ? high : offset);
};

/**
 * The offset of each partition a position names, clamped to what the log holds. A time resolves to
 * the first record whose timestamp is at or after it (offsets-for-times), or the end when none is;
 * explicit offsets leave unnamed partitions at `unnamed` (their start for a `from`, end for a `to`).
 */
export async function resolvePosition(admin: Admin, topic: string, spec: PositionSpec, unnamed: 'earliest' | 'latest'): Promise<Map<number, string>> {
  const bounds = await partitionBounds(admin, topic);
  const resolved = new Map<number, string>();
  switch (spec.kind) {
    case 'earliest':
      for (const b of bounds) resolved.set(b.partition, b.low);
      return resolved;
    case 'latest':
      for (const b of bounds) resolved.set(b.partition, b.high);
      return resolved;
    case 'time': {
      const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, spec.ms);
      for (const b of bounds) {
        const found = byTime.find((o) => o.partition === b.partition)?.offset;
        resolved.set(b.partition, found === undefined || found === '-1' ? b.high : clamp(BigInt(found), b));
      }
      return resolved;
    }
    case 'offsets':
      for (const b of bounds) {
        const named = spec.offsets.get(b.partition);
        resolved.set(b.partition, named === undefined ? (unnamed === 'earliest' ? b.low : b.high) : clamp(BigInt(named), b));
      }
      return resolved;
    default: {
      const unreachable: never = spec;
      return unreachable;
    }
  }
}
