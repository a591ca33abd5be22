import { describe, expect, it } from 'vitest';
import { decodeView, encodeView } from '../../../services/publish/stored-view.ts';
import { evolveView, initialView, publicStory, type StoryView } from '../../../services/publish/story-view.ts';
import { accepted, held, killedBy, openedWith, published, released } from '../domain/story-event-builders.ts';
import { HOUR, NOW, anArticle } from '../domain/story-fixtures.ts';
import { STORY_ID, recorded } from '../domain/story-spec.ts';

const body = (value: string) => [{ role: 'main', contenttype: 'text/plain', charcount: null, wordcount: null, value }];
const v1 = anArticle({ providerVersion: 1, bodies: body('First version body.') });
const v2 = anArticle({ providerVersion: 2, contentHash: 'h2', bodies: body('Second version body.') });
const v3 = anArticle({ providerVersion: 3, contentHash: 'h3', embargoed: NOW + HOUR, bodies: body('Third version body, held.') });

/** Every view on the way through a story's life: open, published, a version accepted but not yet out, held, released, killed. */
function viewsAlong(): StoryView[] {
  const events = recorded([
    ...openedWith('s1', v1),
    accepted('s2', v2, 1),
    published('s2', v2),
    held('s3', v3),
    released('s4', v3, NOW + HOUR),
    published('s4', v3, NOW + HOUR),
    killedBy('s5', v3),
  ]);
  const views: StoryView[] = [];
  events.reduce((view, event) => {
    const next = evolveView(view, event);
    views.push(next);
    return next;
  }, initialView(STORY_ID));
  return views;
}

const stored = (view: StoryView) => {
  const story = publicStory(view);
  return { view: encodeView(view, story), story: story ? JSON.stringify(story) : null };
};

describe('the stored story view', () => {
  it('reads back as the view it stored, at every step of a story', () => {
    for (const view of viewsAlong()) {
      const { view: json, story } = stored(view);
      expect(decodeView(json, story)).toEqual(view);
    }
  });

  it('writes the article the public story shows once, in the story, not again in the view', () => {
    const afterSecond = viewsAlong()[5]!;
    expect(afterSecond.published?.latest.version).toBe(2);
    const { view: json, story } = stored(afterSecond);
    expect(story).toContain('Second version body.');
    expect(json).not.toContain('Second version body.');
    expect(json).not.toContain('First version body.');
  });

  it('keeps inline an article the story does not show (accepted, not yet published)', () => {
    const accepting = viewsAlong()[4]!;
    expect(accepting.published?.latest.version).toBe(1);
    const { view: json, story } = stored(accepting);
    expect(json).toContain('Second version body.');
    expect(json).not.toContain('First version body.');
    expect(decodeView(json, story)).toEqual(accepting);
  });

  it('reads views stored before, with every article inline and what the latest version changed', () => {
    for (const view of viewsAlong()) {
      const before = view.published ? { ...view, published: { ...view.published, latest: { ...view.published.latest, changes: { previousVersion: null, headlineBefore: null, headlineChanged: false, paragraphs: [] } } } } : view;
      expect(decodeView(JSON.stringify(before), null)).toEqual(view);
    }
  });

  it('says which story lost its public side when a view refers to it', () => {
    const { view: json } = stored(viewsAlong()[6]!);
    expect(() => decodeView(json, null)).toThrow(`stored view of story ${STORY_ID} refers to its public story's article`);
  });
});
