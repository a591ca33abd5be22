import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../../services/api/cursor.ts';
import { registerStoryRoutes } from '../../../services/api/story-routes.ts';
import type { KillRecord } from '../../../services/domain/story/index.ts';
import type { StoryReadModel } from '../../../services/publish/story-read-model.ts';

function appWithKilled(kill: KillRecord) {
  const app = Fastify();
  const read = { story: () => Promise.resolve({ kind: 'killed', kill }) } as unknown as StoryReadModel;
  registerStoryRoutes(app, read, () => Promise.resolve(), { feedRetentionMs: 1000, now: () => 0, cursors: new CursorCodec('a test key of at least sixteen bytes') });
  return app;
}

const kill: KillRecord = { cause: 'OPERATOR', requestedBy: 'desk', reason: 'legal', mergedInto: null, killedAt: 0, sequence: 3 };

describe('a withdrawn story', () => {
  it('answers 410 with the cause of its kill', async () => {
    const response = await appWithKilled(kill).inject({ method: 'GET', url: '/v1/stories/st-1' });
    expect(response.statusCode).toBe(410);
    expect(response.json()).toMatchObject({ code: 'story_withdrawn', detail: 'story st-1 was killed (OPERATOR); it will not come back' });
  });

  it('merged into another story names that story, on the story and on its versions', async () => {
    const app = appWithKilled({ ...kill, cause: 'MERGED', requestedBy: 'router', reason: 'merged into st-2', mergedInto: 'st-2' });
    for (const url of ['/v1/stories/st-1', '/v1/stories/st-1/versions']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(410);
      expect(response.json()).toMatchObject({ code: 'story_withdrawn', detail: 'story st-1 was merged into story st-2; it will not come back' });
    }
  });
});
