/** The consumer API's view of a story, as much of it as the demo prints. */
export interface StorySummary {
  readonly storyId: string;
  readonly version: number;
  readonly correction?: boolean;
  readonly article: { headlines: Array<{ value: string }>; provider: { id: string }; located: { city: string | null; date: string | null } | null };
  readonly related?: ReadonlyArray<{ item?: { providerId: string }; relation?: string }>;
  readonly enrichment?: { subjects?: Array<{ label: string }>; people?: unknown; entities?: Array<{ kind?: string; name?: string; canonicalName?: string }> } | null;
  readonly publishedVersions?: readonly number[];
}

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
    if (geneva && geneva.version >= 3 && (geneva.related?.length ?? 0) > 0 && geneva.enrichment && stories.length >= 2) return stories;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the sample stories did not settle within ${timeoutMs} ms; stories so far: ${JSON.stringify(stories.map((s) => [s.storyId, s.version]))}`);
}

export function describeStories(stories: readonly StorySummary[]): string {
  return stories
    .map((story) => {
      const entities = (story.enrichment?.entities ?? []).slice(0, 8).map((e) => e.canonicalName ?? e.name).join(', ');
      const subjects = (story.enrichment?.subjects ?? []).map((s) => s.label).join(', ');
      return [
        `${story.storyId}  v${story.version}${story.correction ? ' (correction)' : ''}  ${story.article.headlines[0]?.value ?? ''}`,
        `  from ${story.article.provider.id}, dateline ${story.article.located?.city ?? '-'} ${story.article.located?.date ?? ''}; published versions ${(story.publishedVersions ?? []).join(', ')}`,
        `  related: ${(story.related ?? []).map((r) => `${r.item?.providerId ?? '?'} (${r.relation ?? 'related'})`).join(', ') || 'none'}`,
        `  subjects: ${subjects || '-'}`,
        `  entities: ${entities || '-'}`,
      ].join('\n');
    })
    .join('\n');
}
