import { defineQuery, defineSignal } from '@temporalio/workflow';

export const OPERATIONS_TASK_QUEUE = 'storyline-operations';

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const cancelSignal = defineSignal('cancel');

/** Offsets per partition, keyed by the partition number as text (JSON-safe for workflow history). */
export type Offsets = Record<string, string>;

/** Where the replay reads from and to: positions already resolved by the client side (time or offsets). */
export interface PositionInput {
  readonly kind: 'earliest' | 'latest' | 'time' | 'offsets';
  readonly ms?: number;
  readonly offsets?: Offsets;
}

export interface ProjectionRebuildInput {
  readonly rebuildId: string;
  /** The fresh prefix the rebuild writes into, e.g. `sl:p<id>:`. */
  readonly prefix: string;
  readonly from: PositionInput;
  /** null: up to the live end, then swap the active prefix (blue/green). A bound keeps the rebuild unswapped. */
  readonly to: PositionInput | null;
  /** Rebuild, print what would change against the live view, delete the rebuild; the live view is untouched. */
  readonly dryRun: boolean;
  readonly batchSize: number;
  /** Carried across continue-as-new. */
  readonly carried?: { readonly positions: Offsets; readonly end: Offsets; readonly done: number; readonly total: number; readonly startedAt: number; readonly phase: RebuildPhase; readonly previousPrefix: string | null };
}

export type RebuildPhase = 'planning' | 'rebuilding' | 'catching-up' | 'swapping' | 'finishing' | 'done' | 'cancelled';

export interface RebuildProgress {
  readonly rebuildId: string;
  readonly prefix: string;
  readonly phase: RebuildPhase;
  readonly paused: boolean;
  readonly done: number;
  readonly total: number;
  /** Events per second since the start. */
  readonly rate: number;
  readonly etaSeconds: number | null;
}

export interface StateDiffSummary {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: ReadonlyArray<{ readonly storyId: string; readonly before: { sequence: number; status: string }; readonly after: { sequence: number; status: string } }>;
}

export interface RebuildResult {
  readonly rebuildId: string;
  readonly outcome: 'swapped' | 'built' | 'dry-run' | 'cancelled';
  readonly prefix: string;
  readonly previousPrefix: string | null;
  readonly events: number;
  readonly seconds: number;
  readonly hash: { readonly sha256: string; readonly stories: number } | null;
  readonly diff: StateDiffSummary | null;
}

export const rebuildProgressQuery = defineQuery<RebuildProgress>('progress');

export function rebuildWorkflowId(rebuildId: string): string {
  return `ops/projection-rebuild/${rebuildId}`;
}
