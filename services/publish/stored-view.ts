import type { Article, Story } from '../contracts/types.generated.ts';
import type { StoryView } from './story-view.ts';

/**
 * The story view as the projection stores it beside the public story. The fold passes articles
 * along by reference, so the current, held or latest published article is most often the very
 * object the public story shows: such an article is written as a reference to the story's field
 * instead of once more (it was two to three copies of the article per story hash). Views stored
 * before this format hold every article inline and read as they are.
 */
const STORY_ARTICLE = '$storyArticle';

type ArticleSlot = Article | typeof STORY_ARTICLE;

function refOf(article: Article, story: Story | null): ArticleSlot {
  return story !== null && article === story.article ? STORY_ARTICLE : article;
}

export function encodeView(view: StoryView, story: Story | null): string {
  if (story === null) return JSON.stringify(view);
  const { state, published } = view;
  const stored = {
    ...view,
    state:
      state.status === 'open' || state.status === 'embargoed'
        ? {
            ...state,
            current: state.current && { ...state.current, article: refOf(state.current.article, story) },
            ...(state.status === 'embargoed' ? { held: { ...state.held, article: refOf(state.held.article, story) } } : {}),
          }
        : state,
    published: published && { ...published, latest: { ...published.latest, article: refOf(published.latest.article, story) } },
  };
  return JSON.stringify(stored);
}

/** A stored view (either format); `storyJson` is the story field it was stored beside, parsed only when the view refers to it. */
export function decodeView(viewJson: string, storyJson: string | null): StoryView {
  const stored = JSON.parse(viewJson) as StoryView & { published: { latest: { changes?: unknown } } | null };
  let story: Story | null = null;
  const resolve = (slot: ArticleSlot): Article => {
    if (slot !== STORY_ARTICLE) return slot;
    if (storyJson === null) throw new Error(`stored view of story ${stored.storyId} refers to its public story's article, but the story is absent`);
    story ??= JSON.parse(storyJson) as Story;
    return story.article;
  };
  const { state } = stored;
  if ((state.status === 'open' || state.status === 'embargoed') && state.current) (state.current as { article: ArticleSlot }).article = resolve(state.current.article);
  if (state.status === 'embargoed') (state.held as { article: ArticleSlot }).article = resolve(state.held.article);
  if (stored.published) {
    // Views stored before carried what the latest version changed; the fold no longer keeps it.
    const { changes: _changes, ...latest } = stored.published.latest;
    return { ...stored, published: { ...stored.published, latest: { ...latest, article: resolve(latest.article) } } };
  }
  return stored;
}
