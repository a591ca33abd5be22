import type { SchemaCatalog } from '../contracts/avro-codec.ts';
import { jsonSchemasFor } from './avro-json-schema.ts';

const filterParameters = [
  { name: 'subject', in: 'query', schema: { type: 'string' }, description: 'IPTC media topic code (medtop:…), subject URI or name; case-insensitive' },
  { name: 'place', in: 'query', schema: { type: 'string' }, description: 'Place name, e.g. geneva' },
  { name: 'person', in: 'query', schema: { type: 'string' } },
  { name: 'organisation', in: 'query', schema: { type: 'string' } },
  { name: 'provider', in: 'query', schema: { type: 'string' }, description: 'Provider id' },
  { name: 'since', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 date-time or epoch ms, inclusive (versioncreated for lists, update time for the feed and stream)' },
  { name: 'until', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 date-time or epoch ms, inclusive' },
];
const pageParameters = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'From a previous `next`; carries the filters, so other filter parameters are ignored' },
];

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const json = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const secured = { security: [{ apiKey: [] }], responses: { 401: problem('Missing or invalid API key'), 403: problem('The key lacks the stories:read scope') } };

/** The OpenAPI 3.1 document served at /openapi.json; record schemas come from the Avro contract. */
export function openApiDocument(catalog: SchemaCatalog): Record<string, unknown> {
  const schemas = jsonSchemasFor(catalog, ['storyline.v1.Story', 'storyline.v1.StoryUpdate']);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Storyline consumer API',
      version: '1.0.0',
      description:
        'Published stories, their version history with what changed, filtered lists, a cursor feed of every change and a live SSE stream. Killed stories answer 410 and never come back. Authenticate with a consumer key: `Authorization: Bearer <key>` (scope stories:read).',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Storyline API key with the stories:read scope' } },
      schemas: {
        ...schemas,
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details with a stable code',
          required: ['type', 'status', 'code', 'title', 'detail'],
          properties: { type: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, title: { type: 'string' }, detail: { type: 'string' }, field: { type: 'string' }, instance: { type: 'string' }, available: { type: 'array', items: { type: 'string' } } },
        },
        PublishedVersion: {
          type: 'object',
          required: ['storyId', 'version', 'sequence', 'publishedAt', 'correction', 'reason', 'headline', 'article', 'changes'],
          properties: {
            storyId: { type: 'string' },
            version: { type: 'integer' },
            sequence: { type: 'integer' },
            publishedAt: { type: 'integer', description: 'epoch ms' },
            correction: { type: 'boolean' },
            reason: { $ref: '#/components/schemas/UpdateReason' },
            headline: { type: 'string' },
            article: { $ref: '#/components/schemas/Article' },
            changes: { $ref: '#/components/schemas/VersionChanges' },
            traceId: { type: ['string', 'null'], description: 'The OpenTelemetry trace id that carried this version into the read model (null when tracing was off)' },
          },
        },
        FeedItem: { allOf: [{ $ref: '#/components/schemas/StoryUpdate' }, { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^\\d{1,15}(\\.\\d{1,15}){0,1023}$', description: 'The feed position after this change: the next offset to read per partition of story.events.v1, partition 0 first (e.g. 12.0.7). Log-derived: the same in a feed rebuilt from the log. Usable as Last-Event-ID on /v1/stream' } } }] },
      },
    },
    paths: {
      '/v1/stories/{id}': {
        get: {
          summary: 'A published story (latest version), or one published version with what it changed',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'version', in: 'query', schema: { type: 'integer' }, description: 'A provider version; answers a PublishedVersion' },
          ],
          ...secured,
          responses: {
            ...secured.responses,
            200: {
              description: 'The story (or the version asked for), as negotiated by Accept; ETag = the story event sequence (and the representation), X-Storyline-Offset = the consumed partition/offset',
              content: {
                'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Story' }, { $ref: '#/components/schemas/PublishedVersion' }] } },
                'application/ninjs+json': { schema: { type: 'object', description: 'IPTC ninjs 3.1 (http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json)' } },
                'application/vnd.iptc.g2.newsitem+xml': { schema: { type: 'string', description: 'An IPTC NewsML-G2 newsItem' } },
              },
            },
            404: problem('No published story (or version) with this id'),
            406: problem('The Accept header allows none of the representations; `available` lists them'),
            410: {
              description: 'The story was killed, or merged into another story (the detail names it); in ninjs or NewsML-G2, a document with pubStatus canceled',
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } }, 'application/ninjs+json': { schema: { type: 'object' } }, 'application/vnd.iptc.g2.newsitem+xml': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/v1/stories/{id}/versions': {
        get: {
          summary: 'Every published version, oldest first, each with what changed from the one before',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          ...secured,
          responses: { ...secured.responses, 200: json('Version history', { type: 'object', properties: { storyId: { type: 'string' }, items: { type: 'array', items: { $ref: '#/components/schemas/PublishedVersion' } } } }), 404: problem('Not found'), 410: problem('Killed') },
        },
      },
      '/v1/stories': {
        get: {
          summary: 'Published stories, newest versioncreated first, with filters (AND across parameters)',
          parameters: [...filterParameters, ...pageParameters],
          ...secured,
          responses: { ...secured.responses, 200: json('A page; `next` is null on the last page', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Story' } }, next: { type: ['string', 'null'] } } }), 400: problem('Invalid filter or cursor') },
        },
      },
      '/v1/feed': {
        get: {
          summary: 'Every published change in order (new, update, correction, embargo released, kill, enriched, related). Follow `next` to resume, across restarts too.',
          description: 'Without a cursor the feed starts at `since`, or at the oldest change kept. A cursor is valid for 7 days after it was issued (the feed keeps 7 days of changes); an expired one answers 410 cursor_expired.',
          parameters: [...filterParameters, ...pageParameters],
          ...secured,
          responses: {
            ...secured.responses,
            200: json('Changes after the cursor; poll `next` for more', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/FeedItem' } }, next: { type: 'string' }, cursorExpiresAt: { type: 'string', format: 'date-time' } } }),
            400: problem('Invalid filter or cursor'),
            410: problem('The cursor expired'),
          },
        },
      },
      '/v1/stream': {
        get: {
          summary: 'Live Server-Sent Events of changes with the same filters; reconnect with Last-Event-ID to resume without gaps',
          description: 'Each event: `id` = the feed position after it (see FeedItem.id), `event` = the reason in lower case, `data` = a FeedItem as JSON. Heartbeat comments every 15 s. A Last-Event-ID that is no feed position answers 400 invalid_last_event_id.',
          parameters: [...filterParameters, { name: 'Last-Event-ID', in: 'header', schema: { type: 'string', pattern: '^\\d{1,15}(\\.\\d{1,15}){0,1023}$' } }],
          ...secured,
          responses: { ...secured.responses, 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
        },
      },
      '/health': { get: { summary: 'Liveness', responses: { 200: { description: 'Up' } } } },
      '/ready': { get: { summary: 'Readiness (Redis)', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } } },
    },
  };
}
