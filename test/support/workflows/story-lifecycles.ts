import type { Enrichment } from '../../../services/contracts/types.generated.ts';
import type { StoryState } from '../../../services/domain/story/index.ts';
import type { StoryClient } from '../../../workflows/story/story-client.ts';
import { revised, seedArticle } from '../articles.ts';

/**
 * Every lifecycle a story workflow goes through, driven through the real client. The recorder runs
 * them against a real server and keeps their histories; the replay test runs those histories through
 * today's workflow code, so a change that would break a running story fails in the unit tier.
 */
export interface StoryLifecycle {
  readonly name: string;
  /** Sends the lifecycle's signals to `storyId`. */
  drive(stories: StoryClient, storyId: string): Promise<void>;
  /** The state the workflow reaches once it has handled every signal. */
  settled(state: StoryState): boolean;
  /** Drives enough signals for the workflow to continue as new at least once. */
  readonly continuesAsNew?: boolean;
}

const evidence = (total: number) => ({ signals: [{ name: 'minhash-jaccard', score: total }], total, matchedItem: null });
const otherProvider = (storyId: string, providerId: string) => ({ ...seedArticle(providerId, `${storyId}-${providerId}`), contentHash: `${providerId}-rewrite` });
const enrichment: Enrichment = {
  language: 'en',
  dateline: null,
  entities: [],
  places: [],
  quotes: [],
  keywords: ['talks'],
  summary: 'Talks in Geneva.',
  subjects: [{ code: 'medtop:11000000', label: 'politics', confidence: 0.7 }],
  sentenceCount: 1,
  paragraphCount: 1,
  sentences: [{ start: 0, end: 16 }],
  paragraphs: [{ start: 0, end: 16 }],
};
const own = (storyId: string) => seedArticle('wire-a', `${storyId}-own`);
const open = (state: StoryState) => state.status === 'open';
const sequenceAtLeast = (n: number) => (state: StoryState) => state.lastSequence >= n;

/**
 * The number of signals that pushes a story past the workflow's history limit (5,000 events today):
 * commands queued together are decided in one batch, so the signals alone must pass it.
 */
export const CONTINUE_AS_NEW_SIGNALS = 5_000;

export const STORY_LIFECYCLES: readonly StoryLifecycle[] = [
  {
    name: 'new',
    async drive(stories, storyId) {
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'n1', article: own(storyId), routing: { kind: 'new-story' } });
    },
    settled: (state) => open(state) && state.current !== null && state.versions[0]?.publishedAt !== null,
  },
  {
    name: 'update',
    async drive(stories, storyId) {
      const v1 = own(storyId);
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'u1', article: v1, routing: { kind: 'new-story' } });
      await stories.recordEnrichment(storyId, { type: 'RecordEnrichment', signalId: 'u1-enrich', providerVersion: 1, enricherVersion: 'enrich-1', enrichment });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'u2', article: revised(v1, 2, (b) => `${b}\n\nTalks continue next week.`), routing: { kind: 'same-item' } });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'u3', article: revised(v1, 1, (b) => `${b}\n\nStale.`), routing: { kind: 'same-item' } });
    },
    settled: (state) => open(state) && state.versions.length === 2 && state.lastSequence >= 10,
  },
  {
    name: 'correction',
    async drive(stories, storyId) {
      const v1 = own(storyId);
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'c1', article: v1, routing: { kind: 'new-story' } });
      const corrected = revised(v1, 2, (b) => b.replace('Geneva', 'GENEVA'), { signals: ['CORRECTION' as const] });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'c2', article: corrected, routing: { kind: 'same-item' } });
    },
    settled: (state) => open(state) && state.current?.correction === true,
  },
  {
    name: 'duplicate',
    async drive(stories, storyId) {
      const v1 = own(storyId);
      const ref = { uri: v1.uri, providerId: 'wire-a', providerItemId: v1.providerItemId, providerVersion: 1, contentHash: v1.contentHash };
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'd1', article: v1, routing: { kind: 'new-story' } });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'd1', article: v1, routing: { kind: 'new-story' } });
      const resend = { ...seedArticle('wire-b', `${storyId}-b`), contentHash: v1.contentHash };
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'd2', article: resend, routing: { kind: 'exact-duplicate', of: ref } });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'd3', article: v1, routing: { kind: 'same-item' } });
    },
    settled: sequenceAtLeast(8),
  },
  {
    name: 'related',
    async drive(stories, storyId) {
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r1', article: own(storyId), routing: { kind: 'new-story' } });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r2', article: otherProvider(storyId, 'wire-b'), routing: { kind: 'same-event', evidence: evidence(0.7) } });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r3', article: otherProvider(storyId, 'wire-c'), routing: { kind: 'near-duplicate', evidence: evidence(0.85) } });
      const killed = { ...otherProvider(storyId, 'wire-c'), providerVersion: 2, signals: ['KILL' as const] };
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r4', article: killed, routing: { kind: 'same-item' } });
    },
    settled: (state) => open(state) && state.related.some((r) => r.withdrawn) && state.related.length === 2,
  },
  {
    name: 'embargo',
    async drive(stories, storyId) {
      // Real seconds: the recording needs the timer to fire on the real server.
      const article = { ...own(storyId), embargoed: Date.now() + 3_000 };
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'e1', article, routing: { kind: 'new-story' } });
    },
    settled: (state) => open(state) && state.current !== null && state.versions[0]?.publishedAt !== null,
  },
  {
    name: 'kill',
    async drive(stories, storyId) {
      const v1 = own(storyId);
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'k1', article: v1, routing: { kind: 'new-story' } });
      await stories.kill(storyId, { type: 'Kill', signalId: 'k2', requestedBy: 'operator', reason: 'legal' });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'k3', article: revised(v1, 2, (b) => `${b}\n\nLate.`), routing: { kind: 'same-item' } });
    },
    settled: (state) => state.status === 'killed' && state.lastSequence >= 6,
  },
  {
    name: 'merge',
    async drive(stories, storyId) {
      const v1 = own(storyId);
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'm1', article: v1, routing: { kind: 'new-story' } });
      await stories.mergeInto(storyId, { type: 'MergeStory', signalId: 'm2', into: `${storyId}-survivor`, requestedBy: 'router' });
      await stories.recordEnrichment(storyId, { type: 'RecordEnrichment', signalId: 'm3', providerVersion: 1, enricherVersion: 'enrich-1', enrichment });
    },
    settled: (state) => state.status === 'killed' && state.lastSequence >= 6,
  },
  {
    name: 'regroup',
    async drive(stories, storyId) {
      const related = otherProvider(storyId, 'wire-b');
      const item = { providerId: 'wire-b', providerItemId: related.providerItemId };
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'g1', article: own(storyId), routing: { kind: 'new-story' } });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'g2', article: related, routing: { kind: 'same-event', evidence: evidence(0.7) } });
      await stories.withdrawRelated(storyId, { type: 'WithdrawRelatedItem', signalId: 'regroup:1:b', item, movedTo: `${storyId}-other` });
      await stories.withdrawRelated(storyId, { type: 'WithdrawRelatedItem', signalId: 'regroup:1:b', item, movedTo: `${storyId}-other` });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'regroup:2:b', article: related, routing: { kind: 'same-event', evidence: evidence(0.75) } });
      await stories.withdrawRelated(storyId, { type: 'WithdrawRelatedItem', signalId: 'regroup:3:x', item: { providerId: 'wire-x', providerItemId: 'x' }, movedTo: `${storyId}-other` });
    },
    settled: (state) => open(state) && state.related.length === 1 && state.lastSequence >= 10,
  },
  {
    name: 'continue-as-new',
    continuesAsNew: true,
    async drive(stories, storyId) {
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'can-open', article: own(storyId), routing: { kind: 'new-story' } });
      // Small commands (each recorded as rejected: no such related item) keep the recorded history small.
      for (let i = 0; i < CONTINUE_AS_NEW_SIGNALS; i += 10) {
        await Promise.all(
          Array.from({ length: Math.min(10, CONTINUE_AS_NEW_SIGNALS - i) }, (_, j) =>
            stories.withdrawRelated(storyId, { type: 'WithdrawRelatedItem', signalId: `can-${i + j}`, item: { providerId: 'wire-x', providerItemId: `x-${i + j}` }, movedTo: 'elsewhere' }),
          ),
        );
      }
    },
    settled: sequenceAtLeast(4 + CONTINUE_AS_NEW_SIGNALS),
  },
];
