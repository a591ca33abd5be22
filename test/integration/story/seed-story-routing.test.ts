import { describe, expect, it } from 'vitest';
import type { Submission } from '../../../services/contracts/types.generated.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { redisDedupeIndex } from '../../../services/router/redis-index-storage.ts';
import { createRouter } from '../../../services/router/router-service.ts';
import { sampleCopy } from '../../../services/runtime/sample-copy.ts';
import { runId } from '../../support/run-id.ts';
import { storyEvents } from '../../support/story-events.ts';
import { useStoryStack } from '../../support/story-stack.ts';

const run = runId('seed');

function submission(file: string, providerId: string, edit: (text: string) => string = (t) => t, itemId?: string): Submission {
  const item = sampleCopy().find((s) => s.file === file)!;
  const raw = Buffer.from(edit(item.bytes.toString('utf8')));
  const submissionId = runId('sub');
  const parsed = parseItem({ bytes: raw, contentType: item.contentType, provider: { id: providerId, name: providerId }, submissionId, receivedAt: Date.UTC(2022, 0, 22, 15) });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const article = itemId ? { ...parsed.article, providerItemId: itemId, uri: `storyline:item:${providerId}:${itemId}` } : parsed.article;
  return { submissionId, receivedAt: Date.UTC(2022, 0, 22, 15), providerId, idempotencyKey: null, channel: 'http', contentType: item.contentType, raw, article };
}

describe('the seed article, an edited re-send and a rewrite from a second wire (real router, Redis index, Temporal, Kafka)', () => {
  const stack = useStoryStack('seed-stories');

  it('end as one story: one version, one suppressed duplicate, one related item with its evidence', async () => {
    const { platform, stories } = stack;
    const router = createRouter(platform, redisDedupeIndex(platform.redis, { namespace: run }), stories);
    const wire = `wire-${run}`;
    const seed = await router.route(submission('01-geneva-talks.txt', wire, undefined, 'geneva'));
    // The same wire re-sends its copy under a new id with a few words edited.
    const resend = await router.route(
      submission('01-geneva-talks.txt', wire, (text) => text.replace('met in Geneva for about 90 minutes', 'met in Geneva for roughly 90 minutes').replace('many fear Moscow', 'many fear that Moscow'), 'geneva-resend'),
    );
    const rewrite = await router.route(submission('03-geneva-talks-rewrite.json', `other-${run}`));

    expect(seed.decision).toBe('new-story');
    expect(resend).toMatchObject({ storyId: seed.storyId, decision: 'near-duplicate' });
    expect(rewrite.storyId).toBe(seed.storyId);

    const events = await storyEvents(platform, seed.storyId, (es) => es.filter((e) => e.type === 'ArticleReceived').length === 3 && es.at(-1)!.type !== 'ArticleReceived');
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('StoryOpened')).toBe(1);
    expect(count('VersionAccepted')).toBe(1);
    expect(count('DuplicateSuppressed')).toBe(1);
    expect(count('RelatedItemJoined')).toBe(1);
    const duplicate = events.find((e) => e.type === 'DuplicateSuppressed')!.payload as { duplicateOf: { providerItemId: string }; evidence: { total: number; signals: unknown[] } };
    expect(duplicate.duplicateOf.providerItemId).toBe('geneva');
    expect(duplicate.evidence.signals.length).toBeGreaterThan(0);
    const joined = events.find((e) => e.type === 'RelatedItemJoined')!.payload as { evidence: { total: number; signals: Array<{ name: string; score: number }> } };
    expect(joined.evidence.total).toBeGreaterThan(0);
    expect(joined.evidence.signals.map((s) => s.name).length).toBeGreaterThan(0);
  });
});
