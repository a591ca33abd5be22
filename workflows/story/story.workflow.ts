import { context as traceContext, type Context as TraceContext } from '@opentelemetry/api';
import { condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { decide, evolve, initialState, recordStoryEvents, type ExternalStoryCommand, type StoryCommand, type StoryState } from '../../services/domain/story/index.ts';
import { carriedState, pendingFits } from './carried-state.ts';
import type { StoryActivities } from './story.activities.ts';
import { LEGACY_COMMAND_SIGNALS, storyCommandSignal, storyStateQuery, type StoryWorkflowInput } from './story-signals.ts';

const { appendStoryEvents, loadStoryState } = proxyActivities<StoryActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

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
  if (input.state === undefined && patched(STORY_PATCHES.stateFromLog)) state = (await traceContext.with(firstContext, () => loadStoryState(input.storyId))) ?? state;
  const continuesBeforeEachCommand = patched(STORY_PATCHES.continueAsNewBeforeEachCommand);
  const carried = () => (continuesBeforeEachCommand ? carriedState(state) : state);

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
      const command = queue.shift()!;
      const signalContext = signalContexts.get(command.signalId) ?? traceContext.active();
      signalContexts.delete(command.signalId);
      const now = Date.now();
      const decided = decide(command, state, now);
      if (decided.length === 0) continue;
      const recorded = recordStoryEvents(decided, {
        storyId: input.storyId,
        afterSequence: state.lastSequence,
        occurredAt: now,
        recordedAt: now,
        causationId: command.signalId,
        correlationId: command.type === 'SubmitArticle' ? command.article.raw.submissionId : null,
        producer: 'story-workflow',
      });
      await traceContext.with(signalContext, () => appendStoryEvents(recorded));
      state = recorded.reduce(evolve, state);
    }
    if (historyIsLong()) await continueAsNew<typeof storyWorkflow>({ storyId: input.storyId, state: carried() });
  }
}
