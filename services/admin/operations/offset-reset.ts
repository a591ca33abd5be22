import type { Admin } from 'kafkajs';
import { partitionBounds, resolvePosition, type PartitionBounds, type PositionSpec } from '../kafka/topic-positions.ts';
import { groupLag } from './consumer-lag.ts';

export type ResetTarget = { readonly kind: 'position'; readonly position: PositionSpec } | { readonly kind: 'shift'; readonly by: number };

export interface ResetPlan {
  readonly group: string;
  readonly topic: string;
  readonly state: string;
  readonly activeMembers: number;
  readonly partitions: ReadonlyArray<{ readonly partition: number; readonly current: string | null; readonly target: string; readonly delta: number }>;
}

/** Each partition's committed offset (its start when none) moved by `by`, kept inside what the log holds. */
export function shiftedOffsets(bounds: readonly PartitionBounds[], committed: ReadonlyMap<number, string | null>, by: number): Map<number, string> {
  return new Map(
    bounds.map((b) => {
      const shifted = BigInt(committed.get(b.partition) ?? b.low) + BigInt(by);
      const low = BigInt(b.low);
      const high = BigInt(b.high);
      return [b.partition, String(shifted < low ? low : shifted > high ? high : shifted)] as const;
    }),
  );
}

/** Where each partition of the group would move; nothing is changed. */
export async function planOffsetReset(admin: Admin, groupId: string, topic: string, target: ResetTarget): Promise<ResetPlan> {
  const lag = await groupLag(admin, groupId, topic);
  const targets =
    target.kind === 'position'
      ? await resolvePosition(admin, topic, target.position, 'latest')
      : shiftedOffsets(await partitionBounds(admin, topic), new Map(lag.partitions.map((p) => [p.partition, p.committed] as const)), target.by);
  return {
    group: groupId,
    topic,
    state: lag.state,
    activeMembers: lag.members.length,
    partitions: lag.partitions.map((p) => {
      const next = targets.get(p.partition) ?? p.end;
      return { partition: p.partition, current: p.committed, target: next, delta: Number(BigInt(next) - BigInt(p.committed ?? next)) };
    }),
  };
}

export class GroupActiveError extends Error {
  readonly code = 'group_active';
  constructor(readonly group: string, readonly members: number) {
    super(`group ${group} has ${members} active member(s): stop its consumers before resetting its offsets`);
  }
}

/** Applies a plan; refused while the group has members (their commits would overwrite the reset). */
export async function executeOffsetReset(admin: Admin, plan: ResetPlan): Promise<void> {
  const [described] = (await admin.describeGroups([plan.group])).groups;
  const members = described?.members.length ?? 0;
  if (members > 0) throw new GroupActiveError(plan.group, members);
  await admin.setOffsets({ groupId: plan.group, topic: plan.topic, partitions: plan.partitions.map((p) => ({ partition: p.partition, offset: p.target })) });
}
