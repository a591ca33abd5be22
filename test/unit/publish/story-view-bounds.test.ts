import { describe, expect, it } from 'vitest';
import { evolveView, initialView, MAX_RELATED_HEADLINE_CHARS, MAX_RELATED_IN_STORY, publicStory } from '../../../services/publish/story-view.ts';
import { joined, openedWith } from '../domain/story-event-builders.ts';
import { anArticle, anEvidence } from '../domain/story-fixtures.ts';
import { STORY_ID, recorded } from '../domain/story-spec.ts';

describe('what a public story carries about related coverage', () => {
  it('is bounded in count and headline length, so related coverage cannot grow the record without end (was: carried whole)', () => {
    const others = Array.from({ length: MAX_RELATED_IN_STORY + 20 }, (_, n) =>
      anArticle({ providerId: 'other', providerItemId: `o-${n}`, headlines: [{ role: 'main', contenttype: 'text/plain', value: `Storm ${n} ${'x'.repeat(5_000)}` }] }),
    );
    const events = recorded([...openedWith('s1', anArticle({ providerVersion: 1 })), ...others.map((other, n) => joined(`j${n}`, other, anEvidence(0.8)))]);
    const story = publicStory(events.reduce(evolveView, initialView(STORY_ID)));
    expect(story?.related).toHaveLength(MAX_RELATED_IN_STORY);
    expect(story?.related.at(-1)?.item.providerItemId).toBe(`o-${MAX_RELATED_IN_STORY + 19}`);
    for (const related of story?.related ?? []) expect(related.headline?.length).toBeLessThanOrEqual(MAX_RELATED_HEADLINE_CHARS);
  });
});
