import { setTimeout as sleep } from 'node:timers/promises';

/** Wall-clock milliseconds at sub-millisecond resolution, comparable with Kafka record timestamps. */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * Calls `send` for each slot at its scheduled time (start + its offset), whether or not earlier sends
 * have finished: open loop, so a system that falls behind shows its queue instead of slowing the
 * sender. Returns the start the offsets count from.
 */
export async function paceOpenLoop<Slot extends { readonly offsetMs: number }>(schedule: readonly Slot[], send: (slot: Slot, scheduledAt: number) => void): Promise<number> {
  const start = now() + 50;
  for (const slot of schedule) {
    const scheduledAt = start + slot.offsetMs;
    const wait = scheduledAt - now();
    if (wait > 1) await sleep(wait);
    send(slot, scheduledAt);
  }
  return start;
}
