import { describe, expect, it } from 'vitest';
import { storyEvent } from '../../../services/domain/story/story-events.ts';
import type { RecordedStoryEvent } from '../../../services/domain/story/story-events.ts';
import { applyEvent, evolveView, initialView, publicStory, type StoryView, type ViewChange } from '../../../services/publish/story-view.ts';
import { storyUpdateOf } from '../../../services/publish/story-update.ts';
import { accepted, corrected, held, joined, killedBy, mergedInto, openedWith, published, received, regrouped, released, updatedWith } from '../domain/story-event-builders.ts';
import { HOUR, NOW, anArticle, anEnrichment, anEvidence } from '../domain/story-fixtures.ts';
import { STORY_ID, recorded } from '../domain/story-spec.ts';
import type { NewStoryEvent } from '../../../services/domain/story/story-events.ts';

const v1 = anArticle({ providerVersion: 1, subjects: [{ name: 'Weather', uri: null, rel: null, literal: null, confidence: null }] });
const v2 = anArticle({
  providerVersion: 2,
  headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Storm hits coast, two dead' }],
  bodies: [{ role: 'main', contenttype: 'text/plain', charcount: null, wordcount: null, value: 'A storm hit the coast on Tuesday.\n\nTwo people died.' }],
});

/** given(history).when(events) → the view after the history, and what each new event changed in public. */
function given(history: readonly NewStoryEvent[]) {
  const past = recorded(history);
  const before = past.reduce(evolveView, initialView(STORY_ID));
  return {
    before,
    when(events: readonly NewStoryEvent[]) {
      const next = recorded(events, past.length);
      const changes: Array<ViewChange | null> = [];
      let view: StoryView = before;
      for (const event of next) {
        const applied = applyEvent(view, event);
        view = applied.view;
        changes.push(applied.change);
      }
      return { view, changes, events: next };
    },
  };
}

const enrichedV = (signalId: string, providerVersion: number, contentHash: string) =>
  storyEvent('VersionEnriched', {
    signalId,
    providerVersion,
    contentHash,
    enricherVersion: 'nlp@1',
    enrichment: anEnrichment({ entities: [{ kind: 'PERSON', canonicalName: 'Jane Doe', aliases: [], mentions: 1, offsets: [], uri: null, confidence: 0.9 }] }),
  });

describe('the story view', () => {
  it('shows nothing before a version is published', () => {
    const { view, changes } = given([]).when(openedWith('s1', v1).slice(0, 3));
    expect(publicStory(view)).toBeNull();
    expect(changes.every((c) => c === null)).toBe(true);
  });

  it('publishes the first version as NEW, with every paragraph added', () => {
    const { view, changes } = given([]).when(openedWith('s1', v1));
    const change = changes.at(-1);
    expect(change).toMatchObject({ kind: 'published', reason: 'NEW', version: { version: 1, changes: { previousVersion: null, paragraphs: [{ kind: 'ADDED', after: 'A storm hit the coast on Tuesday.' }] } } });
    expect(publicStory(view)).toMatchObject({ storyId: STORY_ID, version: 1, publishedVersions: [1], facets: { provider: 'ap', subjects: ['weather'] } });
  });

  it('publishes an update with what changed since the previous published version', () => {
    const { changes } = given(openedWith('s1', v1)).when(updatedWith('s2', v2, 1));
    expect(changes.at(-1)).toMatchObject({
      kind: 'published',
      reason: 'UPDATE',
      version: { version: 2, changes: { previousVersion: 1, headlineChanged: true, headlineBefore: 'Storm hits coast', paragraphs: [{ kind: 'ADDED', afterIndex: 1, after: 'Two people died.' }] } },
      story: { version: 2, publishedVersions: [1, 2] },
    });
  });

  it('publishes a correction as CORRECTION', () => {
    const fix = anArticle({ providerVersion: 2, signals: ['CORRECTION'], bodies: [{ role: 'main', contenttype: 'text/plain', charcount: null, wordcount: null, value: 'A storm hit the coast on Wednesday.' }] });
    const { changes } = given(openedWith('s1', v1)).when([received('s2', fix), corrected('s2', fix, 1), published('s2', fix)]);
    expect(changes.at(-1)).toMatchObject({ kind: 'published', reason: 'CORRECTION', story: { correction: true }, version: { changes: { paragraphs: [{ kind: 'CHANGED', before: 'A storm hit the coast on Tuesday.', after: 'A storm hit the coast on Wednesday.' }] } } });
  });

  it('never shows embargoed content before its release, then publishes it as EMBARGO_RELEASED', () => {
    const until = NOW + HOUR;
    const secret = anArticle({ providerVersion: 2, embargoed: until, headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Embargoed results' }] });
    const holding = given(openedWith('s1', v1)).when([received('s2', secret), held('s2', secret)]);
    expect(holding.changes).toEqual([null, null]);
    expect(JSON.stringify(publicStory(holding.view))).not.toContain('Embargoed results');

    const { changes, view } = given([...openedWith('s1', v1), received('s2', secret), held('s2', secret)]).when([released('e', secret, until), published('e', secret, until)]);
    expect(changes[0]).toBeNull();
    expect(changes[1]).toMatchObject({ kind: 'published', reason: 'EMBARGO_RELEASED', story: { version: 2, publishedAt: until } });
    expect(publicStory(view)?.article.headlines[0]?.value).toBe('Embargoed results');
  });

  it('adds enrichment of the published version to the story (ENRICHED) and to its facets', () => {
    const { changes, view } = given(openedWith('s1', v1)).when([enrichedV('e1', 1, v1.contentHash)]);
    expect(changes[0]).toMatchObject({ kind: 'revised', reason: 'ENRICHED', story: { enricherVersion: 'nlp@1', facets: { subjects: ['environment', 'medtop:06000000', 'weather'], people: ['jane doe'] } } });
    expect(publicStory(view)?.enrichment?.summary).toBe('A storm hit the coast.');
  });

  it('keeps enrichment of an unpublished version out of public until that version is published', () => {
    const { changes, view } = given([...openedWith('s1', v1), received('s2', v2), accepted('s2', v2, 1)]).when([enrichedV('e2', 2, v2.contentHash), published('s2', v2)]);
    expect(changes[0]).toBeNull();
    expect(publicStory(view)).toMatchObject({ version: 2, enricherVersion: 'nlp@1' });
  });

  it('lists related coverage with its headline, and drops it when withdrawn', () => {
    const other = anArticle({ providerId: 'reuters', providerItemId: 'r-1', headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Coast storm' }] });
    const joinedStory = given(openedWith('s1', v1)).when([joined('j1', other, anEvidence(0.8))]);
    expect(joinedStory.changes[0]).toMatchObject({ kind: 'revised', reason: 'RELATED', story: { related: [{ relation: 'NEAR_DUPLICATE', score: 0.8, headline: 'Coast storm' }] } });
    const withdrawn = given([...openedWith('s1', v1), joined('j1', other, anEvidence(0.8))]).when([
      storyEvent('RelatedItemWithdrawn', { signalId: 'w1', item: { uri: other.uri, providerId: 'reuters', providerItemId: 'r-1', providerVersion: 1, contentHash: other.contentHash }, reason: 'PROVIDER_KILL', movedTo: null }),
    ]);
    expect(withdrawn.changes[0]).toMatchObject({ kind: 'revised', reason: 'RELATED', story: { related: [] } });
  });

  it('drops an item regrouped into another story with its headline, and lists it again when it comes back', () => {
    const other = anArticle({ providerId: 'reuters', providerItemId: 'r-1', headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Coast storm' }] });
    const moved = given([...openedWith('s1', v1), joined('j1', other, anEvidence(0.8))]).when([regrouped('w1', other, 'story-b')]);
    expect(moved.changes[0]).toMatchObject({ kind: 'revised', reason: 'RELATED', story: { related: [] } });
    expect(moved.view.relatedHeadlines).toEqual({});
    const back = given([...openedWith('s1', v1), joined('j1', other, anEvidence(0.8)), regrouped('w1', other, 'story-b')]).when([joined('j2', other, anEvidence(0.9))]);
    expect(back.changes[0]).toMatchObject({ kind: 'revised', reason: 'RELATED', story: { related: [{ score: 0.9, headline: 'Coast storm' }] } });
  });
});

describe('the kill fence in the view', () => {
  const kill = anArticle({ providerVersion: 2, signals: ['KILL'] });

  it('takes the story out of every public view, keeping only the kill record', () => {
    const { view, changes, events } = given(openedWith('s1', v1)).when([received('s2', kill), killedBy('s2', kill)]);
    expect(changes[1]).toMatchObject({ kind: 'killed', kill: { cause: 'KILL_SIGNAL' }, before: { version: 1 } });
    expect(publicStory(view)).toBeNull();
    expect(view).toMatchObject({ published: null, enrichments: [], state: { status: 'killed', before: null } });
    expect(JSON.stringify(view)).not.toContain('A storm hit the coast');
    expect(storyUpdateOf(changes[1]!, events[1]!)).toMatchObject({ reason: 'KILL', story: null, killCause: 'KILL_SIGNAL', mergedInto: null, updateId: `${STORY_ID}:${events[1]!.sequence}` });
  });

  it('keeps where a merged story went in its kill record and says MERGED on the update', () => {
    const { view, changes, events } = given(openedWith('s1', v1)).when([mergedInto('m1', 'story-a')]);
    expect(changes[0]).toMatchObject({ kind: 'killed', kill: { cause: 'MERGED', mergedInto: 'story-a' }, before: { version: 1 } });
    expect(view.state).toMatchObject({ status: 'killed', kill: { mergedInto: 'story-a' } });
    expect(storyUpdateOf(changes[0]!, events[0]!)).toMatchObject({ reason: 'KILL', story: null, killCause: 'MERGED', mergedInto: 'story-a' });
  });

  it('lets nothing recorded after the kill bring the story back', () => {
    const late = anArticle({ providerVersion: 3 });
    const { view, changes } = given([...openedWith('s1', v1), received('s2', kill), killedBy('s2', kill)]).when([accepted('s3', late, 1), published('s3', late), enrichedV('e', 3, late.contentHash)]);
    expect(changes).toEqual([null, null, null]);
    expect(publicStory(view)).toBeNull();
  });

  it('withdraws nothing public when the story was never published', () => {
    const { changes } = given([]).when([received('s1', kill, 'new-story'), killedBy('s1', kill)]);
    expect(changes).toEqual([null, null]);
  });
});

describe('replay', () => {
  it('a redelivered or replayed event is a no-op: same view, no change', () => {
    const events: RecordedStoryEvent[] = recorded([...openedWith('s1', v1), ...updatedWith('s2', v2, 1)]);
    const view = events.reduce(evolveView, initialView(STORY_ID));
    for (const event of events) expect(applyEvent(view, event)).toEqual({ view, change: null });
    expect(events.reduce(evolveView, view)).toBe(view);
  });

  it('a rebuild from the log reaches the same view as incremental application', () => {
    const events = recorded([...openedWith('s1', v1), ...updatedWith('s2', v2, 1), enrichedV('e', 2, v2.contentHash)]);
    const once = events.reduce(evolveView, initialView(STORY_ID));
    const withRedeliveries = [...events, ...events.slice(2)].reduce(evolveView, initialView(STORY_ID));
    expect(withRedeliveries).toEqual(once);
  });
});
