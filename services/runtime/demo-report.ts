import type { Story } from '../contracts/types.generated.ts';

/** The consumer API's view of a story: the public Story record as JSON. */
export type StorySummary = Story;

const MAX_PAGES = 200;

/**
 * The sample copy's stories, found by the items that lead them: other copy pushed through the same
 * pipeline (newer stories first on every page) never hides them.
 */
async function findStories(apiUrl: string, key: string, itemUris: ReadonlySet<string>): Promise<StorySummary[]> {
  const found: StorySummary[] = [];
  let path: string | null = '/v1/stories?provider=demo-wire&limit=100';
  for (let page = 0; path && page < MAX_PAGES && found.length < itemUris.size; page++) {
    const response = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`consumer API answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { items: StorySummary[]; next: string | null };
    found.push(...body.items.filter((story) => itemUris.has(story.article.uri)));
    path = body.next;
  }
  return found;
}

/** The sample copy has settled: the Geneva story at its corrected version with the second wire's rewrite, enriched, and the other sample story. */
export function sampleSettled(stories: readonly StorySummary[]): boolean {
  const geneva = stories.find((s) => s.article.located?.city === 'Geneva');
  return Boolean(geneva && geneva.version >= 3 && geneva.related.length > 0 && geneva.enrichment && stories.length >= 2);
}

/** Waits until the stories led by these items are what `settled` asks for. */
export async function waitForStories(apiUrl: string, key: string, itemUris: readonly string[], timeoutMs = 120_000, settled: (stories: readonly StorySummary[]) => boolean = sampleSettled): Promise<StorySummary[]> {
  const deadline = Date.now() + timeoutMs;
  const wanted = new Set(itemUris);
  let stories: StorySummary[] = [];
  while (Date.now() < deadline) {
    stories = await findStories(apiUrl, key, wanted);
    if (settled(stories)) return stories;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the sample stories did not settle within ${timeoutMs} ms; stories so far: ${JSON.stringify(stories.map((s) => [s.storyId, s.version]))}`);
}

export function describeStories(stories: readonly StorySummary[]): string {
  return stories
    .map((story) => {
      const entities = (story.enrichment?.entities ?? []).slice(0, 8).map((e) => e.canonicalName).join(', ');
      const subjects = (story.enrichment?.subjects ?? []).slice(0, 4).map((s) => s.label).join(', ');
      return [
        `${story.storyId}  v${story.version}${story.correction ? ' (correction)' : ''}  ${story.article.headlines[0]?.value ?? ''}`,
        `  from ${story.article.provider.id}, dateline ${[story.article.located?.city ?? '-', story.article.located?.date].filter(Boolean).join(' ')}; published versions ${story.publishedVersions.join(', ')}`,
        `  related: ${story.related.map((r) => `${r.item.providerId} (${r.relation.toLowerCase().replace('_', '-')})`).join(', ') || 'none'}`,
        `  subjects: ${subjects || '-'}`,
        `  entities: ${entities || '-'}`,
      ].join('\n');
    })
    .join('\n');
}
