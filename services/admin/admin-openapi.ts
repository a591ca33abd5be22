import { ADMIN_BASE } from './admin-routes.ts';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const auth = (scope: 'ops:read' | 'ops:write') => ({
  security: [{ operatorKey: [scope] }],
  responses: { 401: problem('Missing or invalid API key'), 403: problem(`The key lacks the ${scope} scope (consumer and provider keys always get 403)`) },
});
const path = (name: string, where: 'path' | 'query', description: string, required = where === 'path') => ({ name, in: where, required, schema: { type: 'string' }, description });

function operation(scope: 'ops:read' | 'ops:write', summary: string, ok: string, extra: Record<string, unknown> = {}, responses: Record<string, unknown> = {}) {
  const secured = auth(scope);
  return { summary, ...extra, security: secured.security, responses: { ...secured.responses, 200: json(ok), ...responses } };
}

const jsonBody = (properties: Record<string, unknown>) => ({ required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties } } } });

/** The admin API's OpenAPI 3.1 document, served at /openapi.json on the admin port. */
export function adminOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Storyline admin API',
      version: '1.0.0',
      description:
        'Operations on a running Storyline: status, decoded topics, a story\'s whole life, dead letters, consumer offsets, read-model hashes and rebuilds. Listens on loopback unless STORYLINE_ADMIN_HOST says otherwise. Authenticate with an operator key (`storyline principals add <id> --kind operator`): ops:read for reads, ops:write for changes; every change is written to the audit log.',
    },
    components: {
      securitySchemes: { operatorKey: { type: 'http', scheme: 'bearer', description: 'A Storyline operator API key' } },
      schemas: {
        Problem: { type: 'object', required: ['type', 'status', 'code', 'title', 'detail'], properties: { type: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, title: { type: 'string' }, detail: { type: 'string' }, field: { type: 'string' }, instance: { type: 'string' } } },
      },
    },
    paths: {
      [`${ADMIN_BASE}/status`]: { get: operation('ops:read', 'Servers, consumer lag per group and partition, dead-letter counts, active projection prefix, the newest audit entries', 'Status (503 when a server is down, with the same body)', {}, { 503: json('A server is down') }) },
      [`${ADMIN_BASE}/topics/{topic}/records`]: {
        get: operation('ops:read', 'Records of any topic decoded with the schema each was written with (through the registry)', 'Records and `next` (pass it as `from` to follow)', {
          parameters: [path('topic', 'path', 'Base name (story.events.v1, dlq.router.v1) or full name'), path('from', 'query', 'earliest, latest, ISO 8601 time or epoch ms (CreateTime), or partition:offset[,…]; without it the newest records'), path('limit', 'query', '1-1000, default 20'), path('key', 'query', 'Only this key (reads only its partition)')],
        }, { 400: problem('Invalid position'), 404: problem('Unknown topic') }),
      },
      [`${ADMIN_BASE}/stories/{id}`]: {
        get: operation('ops:read', 'A story\'s full event history with each decision\'s evidence, its read-model state, its stories.v1 record and its workflow', 'The inspection', { parameters: [path('id', 'path', 'Story id'), path('diff', 'query', 'Two published versions `a,b`: what changed between them')] }, { 404: problem('No such story or version') }),
      },
      [`${ADMIN_BASE}/dead-letters`]: { get: operation('ops:read', 'Dead letters per consumer, with cause and source position', 'Dead letters', { parameters: [path('consumer', 'query', 'Only this consumer'), path('limit', 'query', 'Newest per consumer, default 100')] }) },
      [`${ADMIN_BASE}/dead-letters/{id}`]: { get: operation('ops:read', 'One dead letter with its original bytes (base64) and headers', 'The dead letter', { parameters: [path('id', 'path', '<consumer>:<offset>')] }, { 404: problem('Not found') }) },
      [`${ADMIN_BASE}/dead-letters/{id}/redrive`]: {
        post: operation('ops:write', 'Produce the original record back onto its source topic, addressed to the consumer that gave up; at most once per dead letter', 'Re-driven (or what would be)', { parameters: [path('id', 'path', '<consumer>:<offset>')], requestBody: jsonBody({ dryRun: { type: 'boolean' } }) }, { 404: problem('Not found'), 409: problem('Already re-driven') }),
      },
      [`${ADMIN_BASE}/dead-letters/redrive`]: { post: operation('ops:write', 'Re-drive every dead letter not re-driven yet (of one consumer, or all)', 'One outcome per dead letter', { requestBody: jsonBody({ consumer: { type: 'string' }, dryRun: { type: 'boolean' } }) }) },
      [`${ADMIN_BASE}/consumer-groups/{group}/offsets/reset`]: {
        post: operation('ops:write', 'Plan (default) or execute an offset reset of a pipeline consumer group; refused while the group has active members', 'The plan, and whether it was executed', {
          parameters: [path('group', 'path', 'Consumer name (dedupe-router, enrich, projection, publisher) or full group id')],
          requestBody: jsonBody({ toDatetime: { type: 'string' }, toOffset: { type: 'string', description: 'partition:offset[,…]' }, shift: { type: 'integer' }, toEarliest: { type: 'boolean' }, toLatest: { type: 'boolean' }, execute: { type: 'boolean' } }),
        }, { 400: problem('Invalid target'), 404: problem('Unknown group'), 409: problem('The group has active members') }),
      },
      [`${ADMIN_BASE}/projection/hash`]: { get: operation('ops:read', 'SHA-256 over the sorted (storyId, sequence, status, canonical public story) of a read model', 'The hash', { parameters: [path('prefix', 'query', 'A projection prefix; default the active one')] }) },
      [`${ADMIN_BASE}/replays/{target}`]: {
        post: operation('ops:write', 'Start a replay as a Temporal workflow: `projection` (blue/green rebuild of the read model), `public-topics` (re-publish stories.v1 and story-updates.v1 with a replay mark), `enrichment` (re-enrich with the current enricher, publish what changed), `parse` (re-parse the raw wire bytes, what changed becomes a new version of the story holding the item)', 'Unused (202)', {
          parameters: [path('target', 'path', 'projection, public-topics, enrichment or parse')],
          requestBody: jsonBody({ from: { type: 'string', description: 'earliest (default), ISO 8601 time or epoch ms, or partition:offset[,…]' }, to: { type: 'string', description: 'An end bound; default the live end' }, stories: { type: 'array', items: { type: 'string' }, description: 'Only these stories (not for projection)' }, dryRun: { type: 'boolean' }, batchSize: { type: 'integer' } }),
        }, { 202: json('Started: `rebuildId` (the job id)'), 400: problem('Invalid position or body'), 404: problem('Unknown target') }),
      },
      [`${ADMIN_BASE}/replays`]: { get: operation('ops:read', 'Rebuilds and replays running now, each with its progress', 'Running jobs') },
      [`${ADMIN_BASE}/replays/{id}`]: { get: operation('ops:read', 'A job\'s status: progress (done/total, rate, ETA, what changed so far) while it runs, its result once done', 'The job', { parameters: [path('id', 'path', 'Job id')] }, { 404: problem('No such job') }) },
      ...Object.fromEntries(
        (['pause', 'resume', 'cancel'] as const).map((action) => [`${ADMIN_BASE}/replays/{id}/${action}`, { post: operation('ops:write', `Signal a running job to ${action}`, 'Signalled', { parameters: [path('id', 'path', 'Job id')] }, { 404: problem('No such job') }) }]),
      ),
      [`${ADMIN_BASE}/audit`]: { get: operation('ops:read', 'The audit log, newest first: who changed what, when, with what outcome', 'Audit entries', { parameters: [path('limit', 'query', 'Default 50')] }) },
      '/health': { get: { summary: 'Liveness', responses: { 200: { description: 'Up' } } } },
      '/ready': { get: { summary: 'Readiness (Redis, Kafka)', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } } },
    },
  };
}
