import { defineQuery, defineSignal, setHandler } from '@temporalio/workflow';

export const OPERATIONS_TASK_QUEUE = 'storyline-operations';

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const cancelSignal = defineSignal('cancel');

/** Offsets per partition, keyed by the partition number as text (JSON-safe for workflow history). */
export type Offsets = Record<string, string>;

/** Records left between `positions` and `end`. */
export function remaining(positions: Offsets, end: Offsets): number {
  return Object.entries(end).reduce((sum, [p, e]) => sum + Math.max(0, Number(BigInt(e) - BigInt(positions[p] ?? e))), 0);
}

/** Inside an operator job's workflow: the pause, resume and cancel signals, as state the job reads between batches. */
export function steering(): { readonly paused: boolean; readonly cancelled: boolean } {
  const state = { paused: false, cancelled: false };
  setHandler(pauseSignal, () => void (state.paused = true));
  setHandler(resumeSignal, () => void (state.paused = false));
  setHandler(cancelSignal, () => void (state.cancelled = true));
  return state;
}

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
  readonly carried?: { readonly positions: Offsets; readonly end: Offsets; readonly done: number; readonly total: number; readonly startedAt: number; readonly phase: RebuildPhase; readonly previousPrefix: string | null; readonly foldedAt?: number | null };
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
  /** Seconds until the log was folded up to the point of the swap (or the bound): the rebuild's own pace, before the swap grace and the hash. */
  readonly foldSeconds: number | null;
  readonly hash: { readonly sha256: string; readonly stories: number } | null;
  readonly diff: StateDiffSummary | null;
}

export const rebuildProgressQuery = defineQuery<RebuildProgress>('progress');

export function rebuildWorkflowId(rebuildId: string): string {
  return `ops/projection-rebuild/${rebuildId}`;
}

/** What a replay re-processes: re-publish the public topics, re-enrich, or re-parse the wire. */
export const REPLAY_TARGETS = ['public-topics', 'enrichment', 'parse'] as const;
export type ReplayTarget = (typeof REPLAY_TARGETS)[number];

export type ReplayPhase = 'planning' | 'indexing' | 'replaying' | 'cleaning' | 'done' | 'cancelled';

/** What a replay found so far: records that changed something (or would, in a dry run), and why the others did not. */
export interface ReplayTally {
  readonly changed: number;
  readonly unchanged: number;
  /** Left alone because their story is killed or merged now: a replay never resurrects or re-opens one. */
  readonly fenced: number;
  /** Not the story's current version any more, or not found where it belongs. */
  readonly skipped: number;
  /** The first stories changed (at most 100), for the operator to look at. */
  readonly stories: readonly string[];
}

export const EMPTY_TALLY: ReplayTally = { changed: 0, unchanged: 0, fenced: 0, skipped: 0, stories: [] };

export function addTally(a: ReplayTally, b: ReplayTally): ReplayTally {
  const stories = [...a.stories, ...b.stories.filter((s) => !a.stories.includes(s))].slice(0, 100);
  return { changed: a.changed + b.changed, unchanged: a.unchanged + b.unchanged, fenced: a.fenced + b.fenced, skipped: a.skipped + b.skipped, stories };
}

export interface TopicReplayInput {
  readonly replayId: string;
  readonly target: ReplayTarget;
  readonly from: PositionInput;
  /** null: up to the end of the log when the replay is planned. */
  readonly to: PositionInput | null;
  /** Only these stories (null: every story). */
  readonly stories: readonly string[] | null;
  /** Work out and count what would change; publish and signal nothing. */
  readonly dryRun: boolean;
  readonly batchSize: number;
  /** Carried across continue-as-new. */
  readonly carried?: { readonly positions: Offsets; readonly end: Offsets; readonly publishFrom: Offsets; readonly done: number; readonly total: number; readonly startedAt: number; readonly phase: ReplayPhase; readonly tally: ReplayTally };
}

export interface ReplayProgress {
  readonly replayId: string;
  readonly target: ReplayTarget;
  readonly phase: ReplayPhase;
  readonly paused: boolean;
  readonly done: number;
  readonly total: number;
  /** Records per second since the start. */
  readonly rate: number;
  readonly etaSeconds: number | null;
  readonly tally: ReplayTally;
}

export interface ReplayResult {
  readonly replayId: string;
  readonly target: ReplayTarget;
  readonly outcome: 'done' | 'dry-run' | 'cancelled';
  /** Records read from the source topic. */
  readonly events: number;
  readonly seconds: number;
  readonly tally: ReplayTally;
}

export const replayProgressQuery = defineQuery<ReplayProgress>('progress');

export function replayWorkflowId(replayId: string): string {
  return `ops/replay/${replayId}`;
}
