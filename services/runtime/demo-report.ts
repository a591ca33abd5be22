import type { Story } from '../contracts/types.generated.ts';

/** The consumer API's view of a story: the public Story record as JSON. */
export type StorySummary = Story;

async function listStories(apiUrl: string, key: string): Promise<StorySummary[]> {
  const response = await fetch(`${apiUrl}/v1/stories?provider=demo-wire&limit=50`, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`consumer API answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { items: StorySummary[] }).items;
}

/** Waits until the sample copy has settled: the Geneva story at its corrected version with the second wire's rewrite, enriched. */
export async function waitForStories(apiUrl: string, key: string, timeoutMs = 120_000): Promise<StorySummary[]> {
  const deadline = Date.now() + timeoutMs;
  let stories: StorySummary[] = [];
  while (Date.now() < deadline) {
    stories = await listStories(apiUrl, key);
    const geneva = stories.find((s) => s.article.located?.city === 'Geneva' && s.article.provider.id === 'demo-wire');
    if (geneva && geneva.version >= 3 && geneva.related.length > 0 && geneva.enrichment && stories.length >= 2) return stories;
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
        `  from ${story.article.provider.id}, dateline ${story.article.located?.city ?? '-'} ${story.article.located?.date ?? ''}; published versions ${story.publishedVersions.join(', ')}`,
        `  related: ${story.related.map((r) => `${r.item.providerId} (${r.relation.toLowerCase().replace('_', '-')})`).join(', ') || 'none'}`,
        `  subjects: ${subjects || '-'}`,
        `  entities: ${entities || '-'}`,
      ].join('\n');
    })
    .join('\n');
}
