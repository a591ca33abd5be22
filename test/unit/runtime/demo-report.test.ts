import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../../services/contracts/types.generated.ts';
import { waitForStories } from '../../../services/runtime/demo-report.ts';
import { anArticle, anEnrichment } from '../domain/story-fixtures.ts';

function story(storyId: string, uri: string, fields: Partial<Story> = {}): Story {
  const article = { ...anArticle({ providerId: 'demo-wire' }), uri };
  return { storyId, sequence: 1, version: 1, correction: false, firstPublishedAt: 0, publishedAt: 0, article, enrichment: null, enricherVersion: null, related: [], facets: { subjects: [], places: [], people: [], organisations: [], providers: [] }, publishedVersions: [1], ...fields } as Story;
}

// The consumer API lists newest first: 250 stories a user pushed with the demo key come before the sample's.
const newer = Array.from({ length: 250 }, (_, i) => story(`st-user-${i}`, `storyline:item:demo-wire:user-${i}`));
const geneva = story('st-geneva', 'storyline:item:demo-wire:geneva-talks', {
  version: 3,
  article: { ...anArticle({ providerId: 'demo-wire' }), uri: 'storyline:item:demo-wire:geneva-talks', located: { text: 'GENEVA', city: 'Geneva', country: null, date: null, source: null } },
  related: [{}] as Story['related'],
  enrichment: anEnrichment(),
});
const nairobi = story('st-nairobi', 'storyline:item:demo-wire:nairobi');
const all = [...newer, geneva, nairobi];

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const limit = Number(query.get('limit') ?? 20);
    const from = Number(query.get('cursor') ?? 0);
    const items = all.slice(from, from + limit);
    const next = from + limit < all.length ? `/v1/stories?cursor=${from + limit}&limit=${limit}` : null;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ items, next }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the main job\'s report of the sample stories', () => {
  it('finds them by their items behind pages of newer copy', async () => {
    const stories = await waitForStories(url, 'key', [geneva.article.uri, nairobi.article.uri, 'storyline:item:example-wire:rewrite'], 5_000);
    expect(stories.map((s) => s.storyId).sort()).toEqual(['st-geneva', 'st-nairobi']);
  });
});
