import { context as traceContext, type Context as TraceContext } from '@opentelemetry/api';
import { condition, continueAsNew, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { decide, evolve, initialState, recordStoryEvents, type ExternalStoryCommand, type RecordedStoryEvent, type StoryCommand, type StoryState } from '../../services/domain/story/index.ts';
import { carriedState, pendingFits } from './carried-state.ts';
import type { StoryActivities } from './story.activities.ts';
import { LEGACY_COMMAND_SIGNALS, storyCommandSignal, storyStateQuery, type StoryWorkflowInput } from './story-signals.ts';

const ACTIVITY_RETRY = { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' } as const;
const { appendStoryEvents, loadStoryState } = proxyActivities<StoryActivities>({ startToCloseTimeout: '30 seconds', retry: ACTIVITY_RETRY });
// Reading a story's state is usually one Redis read (a new story): as a local activity it runs inside
// the workflow task that received the first signal, without a round trip through the task queue.
const local = proxyLocalActivities<StoryActivities>({ startToCloseTimeout: '30 seconds', retry: ACTIVITY_RETRY });

// A batch of queued commands is appended in one activity call; its input must stay far below
// Temporal's 2 MB payload limit and the batch short enough that the history is checked often.
const MAX_COMMANDS_PER_APPEND = 50;
const MAX_APPEND_CHARS = 256 * 1024;

// Well below Temporal's 50k-event history limit; a story can receive updates for years.
const HISTORY_LIMIT = 5_000;

/**
 * Story workflows never finish, so a run started by an earlier release can be replayed by this code
 * at any time: every change that alters the commands a run issues goes behind one of these (the
 * replay test holds recorded histories of every lifecycle to it). Once no running story can have a
 * run without the marker, `patched` becomes `deprecatePatch` and the old branch goes.
 */
export const STORY_PATCHES = {
  /** A run that starts without carried state first reads what the log already holds for its story. */
  stateFromLog: 'story-state-from-log',
  /** The history is checked before each command, pending commands are carried, the carried state is bounded. */
  continueAsNewBeforeEachCommand: 'continue-as-new-before-each-command',
  /**
   * The commands queued together (a backlog after an outage) are decided in order and their events
   * appended in one activity call, and a new story's state is read by a local activity: one workflow
   * task and one activity per batch instead of one of each per command.
   */
  appendQueuedTogether: 'append-queued-commands-together',
  /**
   * Events are appended by a local activity, inside the workflow task that decided them, when no
   * other command waits: a command costs one workflow task and no activity task, instead of two
   * workflow tasks and an activity task through the server (the dev server's rate of new stories was
   * the pipeline's second limit). A backlog keeps the regular activity.
   */
  appendLocally: 'append-story-events-locally',
} as const;

function embargoDeadline(state: StoryState): number | undefined {
  return state.status === 'embargoed' ? state.held.embargoedUntil : undefined;
}

function historyIsLong(): boolean {
  const info = workflowInfo();
  return info.historyLength > HISTORY_LIMIT || info.continueAsNewSuggested;
}

/**
 * One workflow per story (id `story/<storyId>`). Commands arrive as signals, are decided by the pure
 * story core and the resulting events are appended to the log before the state moves on. The
 * workflow never completes: a killed story stays fenced for any late delivery.
 */
export async function storyWorkflow(input: StoryWorkflowInput): Promise<never> {
  let state: StoryState = input.state ?? initialState();
  const queue: StoryCommand[] = [...(input.pending ?? [])];
  // With tracing on, the events a command leads to are appended in the trace its signal carried
  // (not the trace of whoever started the run). Not part of the history: a replay rebuilds it.
  const signalContexts = new Map<string, TraceContext>();
  const receive = (command: ExternalStoryCommand) => {
    // Only the workflow's own timer releases an embargo: a sender cannot name the release time.
    if ((command as StoryCommand).type === 'ReleaseEmbargo') return;
    queue.push(command);
    signalContexts.set(command.signalId, traceContext.active());
  };
  setHandler(storyCommandSignal, receive);
  // Registering a handler adds no command to the history, so the old signals need no patch; they
  // stay registered for the histories (and the draining clients) that carry them.
  for (const legacy of LEGACY_COMMAND_SIGNALS) setHandler(legacy, receive);
  setHandler(storyStateQuery, () => state);

  // Signals that arrive meanwhile wait in the queue: nothing is decided before the state is known.
  // The run itself is never-ending and its span never closes: the read belongs to the first command's trace.
  const firstContext = signalContexts.get(queue[0]?.signalId ?? '') ?? traceContext.active();
  if (input.state === undefined && patched(STORY_PATCHES.stateFromLog)) {
    const load = patched(STORY_PATCHES.appendQueuedTogether) ? local.loadStoryState : loadStoryState;
    state = (await traceContext.with(firstContext, () => load(input.storyId))) ?? state;
  }
  const continuesBeforeEachCommand = patched(STORY_PATCHES.continueAsNewBeforeEachCommand);
  const appendsTogether = patched(STORY_PATCHES.appendQueuedTogether);
  const carried = () => (continuesBeforeEachCommand ? carriedState(state) : state);

  /** Decides one command against `from`; its events recorded after `from`'s last sequence. */
  const decideOne = (command: StoryCommand, from: StoryState): RecordedStoryEvent[] => {
    const now = Date.now();
    return recordStoryEvents(decide(command, from, now), {
      storyId: input.storyId,
      afterSequence: from.lastSequence,
      occurredAt: now,
      recordedAt: now,
      causationId: command.signalId,
      correlationId: command.type === 'SubmitArticle' ? command.article.raw.submissionId : null,
      producer: 'story-workflow',
    });
  };

  /**
   * Takes the queued commands (up to the bounds), decides each on the state the ones before it led
   * to, appends all their events in one call and only then moves the state on. The append runs in
   * the trace of the first command's signal.
   */
  const decideQueued = async () => {
    const batch: RecordedStoryEvent[] = [];
    let next = state;
    let chars = 0;
    let context: TraceContext | undefined;
    for (let taken = 0; queue.length > 0 && taken < MAX_COMMANDS_PER_APPEND && chars < MAX_APPEND_CHARS; taken++) {
      const command = queue.shift()!;
      context ??= signalContexts.get(command.signalId);
      signalContexts.delete(command.signalId);
      const recorded = decideOne(command, next);
      if (recorded.length === 0) continue;
      chars += JSON.stringify(recorded).length;
      batch.push(...recorded);
      next = recorded.reduce(evolve, next);
    }
    if (batch.length === 0) return;
    // A backlog (more commands queued) goes through the task queue batch by batch, so that the
    // history's length is checked between batches; one command at a time is appended locally.
    const append = queue.length === 0 && patched(STORY_PATCHES.appendLocally) ? local.appendStoryEvents : appendStoryEvents;
    await traceContext.with(context ?? traceContext.active(), () => append(batch));
    state = next;
  };

  for (;;) {
    const deadline = embargoDeadline(state);
    const timeout = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
    const woke = timeout === undefined ? await condition(() => queue.length > 0).then(() => true) : await condition(() => queue.length > 0, timeout);
    if (!woke && deadline !== undefined) {
      // The durable timer fired: the id is derived from the deadline so a replay releases once.
      queue.push({ type: 'ReleaseEmbargo', signalId: `embargo-release:${deadline}`, at: deadline });
    }
    while (queue.length > 0) {
      // A backlog (after an outage) must not carry the history past its limit before the queue drains.
      if (continuesBeforeEachCommand && historyIsLong() && pendingFits(queue)) {
        await continueAsNew<typeof storyWorkflow>({ storyId: input.storyId, state: carried(), pending: [...queue] });
      }
      if (appendsTogether) {
        await decideQueued();
        continue;
      }
      const command = queue.shift()!;
      const signalContext = signalContexts.get(command.signalId) ?? traceContext.active();
      signalContexts.delete(command.signalId);
      const recorded = decideOne(command, state);
      if (recorded.length === 0) continue;
      await traceContext.with(signalContext, () => appendStoryEvents(recorded));
      state = recorded.reduce(evolve, state);
    }
    if (historyIsLong()) await continueAsNew<typeof storyWorkflow>({ storyId: input.storyId, state: carried() });
  }
}
