import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { KillRecord } from '../domain/story/index.ts';
import type { StoryReadModel } from '../publish/story-read-model.ts';
import type { PublishedVersion } from '../publish/story-view.ts';
import { mainHeadline } from '../publish/paragraph-diff.ts';
import { sendProblem } from '../shared/http/problem.ts';
import { documentOfKill, documentOfStory, documentOfVersion, type StoryDocument } from '../publish/standards/story-document.ts';
import { isStandard, negotiate, renderStandard, STORY_MEDIA_TYPES, type StandardMediaType, type StoryMediaType } from './content-negotiation.ts';
import { CursorError, type CursorCodec } from './cursor.ts';
import { PageQuery, filterOf } from './story-filters.ts';
import { listStories, readFeed } from './story-queries.ts';

const StoryParams = z.object({ id: z.string().min(1).max(300) });
const StoryQuery = z.object({ version: z.coerce.number().int().min(0).optional() });

export interface StoryRouteOptions {
  readonly feedRetentionMs: number;
  readonly now: () => number;
  readonly cursors: CursorCodec;
}

function invalid(reply: FastifyReply, request: FastifyRequest, error: z.ZodError) {
  return sendProblem(reply, { status: 400, code: 'invalid_query', title: 'Invalid query', detail: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, request.url);
}

function badCursor(reply: FastifyReply, request: FastifyRequest, error: unknown) {
  if (!(error instanceof CursorError)) throw error;
  return sendProblem(reply, { status: 400, code: error.code, title: 'Invalid cursor', detail: error.message, field: 'cursor' }, request.url);
}

/** A killed story is gone for good; one merged into another names the story that carries it on. */
function withdrawn(reply: FastifyReply, request: FastifyRequest, id: string, kill: KillRecord) {
  const how = kill.cause === 'MERGED' && kill.mergedInto ? `merged into story ${kill.mergedInto}` : `killed (${kill.cause})`;
  return sendProblem(reply, { status: 410, code: 'story_withdrawn', title: 'Story withdrawn', detail: `story ${id} was ${how}; it will not come back` }, request.url);
}

function notAcceptable(reply: FastifyReply, request: FastifyRequest, available: readonly string[]) {
  return sendProblem(reply, { status: 406, code: 'not_acceptable', title: 'Not acceptable', detail: `this resource is served as ${available.join(', ')}; the Accept header allows none of them`, field: 'Accept', available }, request.url);
}

function sendStandard(reply: FastifyReply, type: StandardMediaType, document: StoryDocument) {
  const { contentType, body } = renderStandard(type, document);
  return reply.type(contentType).send(body);
}

/** Each representation has its own entity tag: the same story sequence in ninjs is not the same bytes as in JSON. */
function entityTag(sequence: number, type: StoryMediaType): string {
  return isStandard(type) ? `"${sequence}-${type.replace(/^.*\//, '')}"` : `"${sequence}"`;
}

function versionBody(storyId: string, v: PublishedVersion) {
  return { storyId, version: v.version, sequence: v.sequence, publishedAt: v.publishedAt, correction: v.correction, reason: v.reason, headline: mainHeadline(v.article), article: v.article, changes: v.changes, traceId: v.traceId ?? null };
}

export function registerStoryRoutes(app: FastifyInstance, read: StoryReadModel, guard: (request: FastifyRequest, reply: FastifyReply) => Promise<void>, options: StoryRouteOptions): void {
  app.get('/v1/stories/:id', { preHandler: guard }, async (request, reply) => {
    const params = StoryParams.safeParse(request.params);
    const query = StoryQuery.safeParse(request.query);
    if (!params.success) return invalid(reply, request, params.error);
    if (!query.success) return invalid(reply, request, query.error);
    const type = negotiate(request.headers.accept, STORY_MEDIA_TYPES);
    reply.header('vary', 'Accept');
    if (type === null) return notAcceptable(reply, request, STORY_MEDIA_TYPES);
    const { id } = params.data;
    const found = await read.story(id);
    switch (found.kind) {
      case 'missing':
        return sendProblem(reply, { status: 404, code: 'story_not_found', title: 'Story not found', detail: `no published story ${id}` }, request.url);
      case 'killed':
        // In the IPTC standards a kill is itself a document: the story, canceled.
        return isStandard(type) ? sendStandard(reply.code(410), type, documentOfKill(id, found.kill)) : withdrawn(reply, request, id, found.kill);
      case 'published': {
        reply.header('etag', entityTag(found.sequence, type)).header('x-storyline-offset', found.offset);
        if (query.data.version === undefined) return isStandard(type) ? sendStandard(reply, type, documentOfStory(found.story)) : found.story;
        const version = await read.version(id, query.data.version);
        if (!version) return sendProblem(reply, { status: 404, code: 'version_not_found', title: 'Version not found', detail: `story ${id} has no published version ${query.data.version}`, field: 'version' }, request.url);
        return isStandard(type) ? sendStandard(reply, type, documentOfVersion(id, version, found.story)) : versionBody(id, version);
      }
      default: {
        const unreachable: never = found;
        return unreachable;
      }
    }
  });

  app.get('/v1/stories/:id/versions', { preHandler: guard }, async (request, reply) => {
    const params = StoryParams.safeParse(request.params);
    if (!params.success) return invalid(reply, request, params.error);
    if (negotiate(request.headers.accept, ['application/json']) === null) return notAcceptable(reply, request, ['application/json']);
    const found = await read.story(params.data.id);
    if (found.kind === 'killed') return withdrawn(reply, request, params.data.id, found.kill);
    if (found.kind === 'missing') return sendProblem(reply, { status: 404, code: 'story_not_found', title: 'Story not found', detail: `no published story ${params.data.id}` }, request.url);
    const versions = await read.versions(params.data.id);
    return { storyId: params.data.id, items: versions.map((v) => versionBody(params.data.id, v)) };
  });

  app.get('/v1/stories', { preHandler: guard }, async (request, reply) => {
    const query = PageQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, request, query.error);
    try {
      const page = await listStories(read, options.cursors, filterOf(query.data), query.data.limit, query.data.cursor);
      return { items: page.items, next: page.next ? `/v1/stories?cursor=${page.next}&limit=${query.data.limit}` : null };
    } catch (error) {
      return badCursor(reply, request, error);
    }
  });

  app.get('/v1/feed', { preHandler: guard }, async (request, reply) => {
    const query = PageQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, request, query.error);
    try {
      const result = await readFeed(read.changes, options.cursors, filterOf(query.data), query.data.limit, query.data.cursor, options.now(), options.feedRetentionMs);
      if (result.kind === 'expired') {
        return sendProblem(reply, { status: 410, code: 'cursor_expired', title: 'Cursor expired', detail: `the feed no longer holds this cursor's position (entries are kept ${options.feedRetentionMs / 3_600_000} hours); start again without a cursor or with since`, field: 'cursor' }, request.url);
      }
      const { items, next, cursorExpiresAt } = result.page;
      return { items: items.map((e) => ({ id: e.id, ...e.update })), next: `/v1/feed?cursor=${next}&limit=${query.data.limit}`, cursorExpiresAt: new Date(cursorExpiresAt).toISOString() };
    } catch (error) {
      return badCursor(reply, request, error);
    }
  });
}
