import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../services/contracts/types.generated.ts';
import { negotiate, STORY_MEDIA_TYPES } from '../../../services/api/content-negotiation.ts';
import { CursorCodec } from '../../../services/api/cursor.ts';
import { registerStoryRoutes } from '../../../services/api/story-routes.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import type { StoryLookup, StoryReadModel } from '../../../services/publish/story-read-model.ts';
import { storyOf } from '../../support/standard-round-trip.ts';

const NINJS = 'application/ninjs+json';
const G2 = 'application/vnd.iptc.g2.newsitem+xml';

function article(): Article {
  const parsed = parseItem({ bytes: Buffer.from('Storm hits coast\n\nMIAMI (Wire) — A storm hit the coast on Tuesday.\n\nThousands lost power.'), contentType: 'text/plain', provider: { id: 'wire', name: 'Wire' }, submissionId: 's-1', receivedAt: Date.UTC(2026, 11, 3) });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.article;
}

function appWith(found: StoryLookup) {
  const app = Fastify();
  const read = { story: () => Promise.resolve(found), version: () => Promise.resolve(null), versions: () => Promise.resolve([]) } as unknown as StoryReadModel;
  registerStoryRoutes(app, read, () => Promise.resolve(), { feedRetentionMs: 1000, now: () => 0, cursors: new CursorCodec('a test key of at least sixteen bytes') });
  return app;
}

const story = storyOf(article());
const published: StoryLookup = { kind: 'published', story, sequence: 3, offset: '0:12' };

describe('content negotiation on a story', () => {
  it('serves ninjs 3.1 for Accept: application/ninjs+json', async () => {
    const response = await appWith(published).inject({ url: `/v1/stories/${story.storyId}`, headers: { accept: NINJS } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/ninjs+json; charset=utf-8');
    expect(response.headers['vary']).toBe('Accept');
    expect(response.headers['etag']).toBe('"3-ninjs+json"');
    expect(response.json()).toMatchObject({ uri: `storyline:story:${story.storyId}`, version: '1', pubStatus: 'usable', headlines: [{ value: 'Storm hits coast' }] });
  });

  it('serves a NewsML-G2 newsItem that ingest reads back', async () => {
    const response = await appWith(published).inject({ url: `/v1/stories/${story.storyId}`, headers: { accept: `${G2}, application/json;q=0.5` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(`${G2}; charset=utf-8`);
    const back = parseItem({ bytes: response.rawPayload, contentType: response.headers['content-type'], provider: { id: 'wire', name: 'Wire' }, submissionId: 's-2', receivedAt: Date.UTC(2026, 11, 3) });
    expect(back.ok && back.article.contentHash).toBe(story.article.contentHash);
  });

  it('keeps JSON for no Accept header, */* and application/json', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/html, */*;q=0.1']) {
      const response = await appWith(published).inject({ url: `/v1/stories/${story.storyId}`, headers: accept === undefined ? {} : { accept } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toMatchObject({ storyId: story.storyId });
    }
  });

  it('answers 406 with a machine-readable reason when nothing offered is acceptable', async () => {
    const response = await appWith(published).inject({ url: `/v1/stories/${story.storyId}`, headers: { accept: 'application/xml, text/html' } });
    expect(response.statusCode).toBe(406);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'not_acceptable', field: 'Accept', available: [...STORY_MEDIA_TYPES] });
    const versions = await appWith(published).inject({ url: `/v1/stories/${story.storyId}/versions`, headers: { accept: NINJS } });
    expect(versions.statusCode).toBe(406);
    expect(versions.json()).toMatchObject({ code: 'not_acceptable', available: ['application/json'] });
  });

  it('after a kill serves the canceled document with 410', async () => {
    const killed: StoryLookup = { kind: 'killed', kill: { cause: 'OPERATOR', requestedBy: 'desk', reason: 'legal', mergedInto: null, killedAt: Date.UTC(2026, 11, 3), sequence: 5 } };
    const ninjs = await appWith(killed).inject({ url: '/v1/stories/st-1', headers: { accept: NINJS } });
    expect(ninjs.statusCode).toBe(410);
    expect(ninjs.json()).toMatchObject({ uri: 'storyline:story:st-1', pubStatus: 'canceled' });
    const g2 = await appWith(killed).inject({ url: '/v1/stories/st-1', headers: { accept: G2 } });
    expect(g2.statusCode).toBe(410);
    expect(g2.body).toContain('<pubStatus qcode="stat:canceled"/>');
  });
});

describe('negotiate', () => {
  it('honours quality values and wildcards', () => {
    expect(negotiate(`${NINJS};q=0.4, ${G2};q=0.9`, STORY_MEDIA_TYPES)).toBe(G2);
    expect(negotiate('application/*', STORY_MEDIA_TYPES)).toBe('application/json');
    expect(negotiate(`${NINJS};q=0`, STORY_MEDIA_TYPES)).toBe(null);
  });
});
