import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type RunningPipeline } from '../../../services/runtime/pipeline.ts';
import { PIPELINE_CONSUMERS } from '../../../services/runtime/consumer-registry.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { createRootLogger } from '../../../services/shared/logger.ts';
import { createPlatform, type Platform } from '../../../services/shared/platform/platform.ts';
import { testPrincipals } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { eventually } from '../publish/support.ts';

interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly service: string;
}

/** A small OTLP/HTTP (JSON) trace receiver: what an OpenTelemetry Collector would be given. */
function otlpReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces' && (request.headers['content-type'] ?? '').startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'service'>> }> }> };
        for (const { resource, scopeSpans } of body.resourceSpans) {
          const service = resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of scopeSpans) for (const span of scope.spans) spans.push({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId ?? '', name: span.name, service });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, spans })));
}

const run = runId('trace');
const provider = `wire-trace-${run}`.toLowerCase();
let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
let platform: Platform;
let pipeline: RunningPipeline;
let keys: { provider: string; reader: string };

describe('OpenTelemetry traces through the pipeline (real Kafka, Temporal, Redis; spans over OTLP/HTTP)', () => {
  beforeAll(async () => {
    receiver = await otlpReceiver();
    const config = loadConfig({ ...process.env, STORYLINE_TRACING: 'otlp', STORYLINE_OTLP_TRACES_URL: receiver.url });
    platform = await createPlatform(config, createRootLogger(process.env.STORYLINE_TEST_LOG_LEVEL ?? 'silent', 2), { clientId: 'storyline-trace-test', consumers: PIPELINE_CONSUMERS });
    const principals = testPrincipals();
    keys = { provider: principals.issueKey(provider, 'Traced wire', 'provider'), reader: principals.issueKey(`reader-${run}`.toLowerCase(), 'Reader', 'consumer') };
    pipeline = await startPipeline(platform, principals, { ingestPort: 0, apiPort: 0, adminPort: 0 });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await platform?.close();
    receiver?.server.close();
  });

  it('follows one item from the ingest request through Kafka, the router, the story workflow, enrichment and publish to the Redis write: one trace, every span linked to its parent', async () => {
    const copy = `Quarrowby council approves ${run} tidal mill\n\nQUARROWBY (Wire) — The council of Quarrowby approved the ${run} tidal mill on Tuesday after a vote of nine to two.\n\nThe mill is to open next spring, the mayor Edda Vantrell said.`;
    const response = await fetch(`${pipeline.ingestUrl}/v1/items`, { method: 'POST', body: copy, headers: { authorization: `Bearer ${keys.provider}`, 'content-type': 'text/plain', 'storyline-item-id': `mill-${run}`, 'storyline-item-version': '1' } });
    expect(response.status).toBe(202);

    const ingestSpan = await eventually(() => Promise.resolve(receiver.spans.find((span) => span.name === 'ingest POST /v1/items')), 'the ingest span', 90_000);
    const traceOf = () => receiver.spans.filter((span) => span.traceId === ingestSpan.traceId);
    const expected = ['ingest POST /v1/items', 'dedupe-router process', 'SignalWithStartWorkflow:storyWorkflow', 'StartActivity:appendStoryEvents', 'RunActivity:appendStoryEvents', 'enrich process', 'SignalWorkflow:storyCommand', 'projection process', 'projection redis write', 'publisher process'];
    const spans = await eventually(() => {
      const names = new Set(traceOf().map((span) => span.name));
      return Promise.resolve(expected.every((name) => names.has(name)) ? traceOf() : undefined);
    }, `spans ${expected.join(', ')} in the ingest span's trace`, 90_000);

    // One connected trace: a single root (the ingest request), every other span's parent in the trace.
    const ids = new Set(spans.map((span) => span.spanId));
    const roots = spans.filter((span) => span.parentSpanId === '');
    expect(roots.map((span) => span.name)).toEqual(['ingest POST /v1/items']);
    expect(spans.filter((span) => span.parentSpanId !== '' && !ids.has(span.parentSpanId)).map((span) => span.name)).toEqual([]);
    const parentOf = (name: string) => spans.find((span) => span.spanId === spans.find((child) => child.name === name)?.parentSpanId)?.name;
    expect(parentOf('dedupe-router process')).toBe('ingest POST /v1/items');
    expect(parentOf('projection redis write')).toBe('projection process');

    // The story version records its trace, for the console to link to.
    const storyId = await eventually(async () => {
      const page = (await (await fetch(`${pipeline.apiUrl}/v1/stories?provider=${provider}`, { headers: { authorization: `Bearer ${keys.reader}` } })).json()) as { items: Array<{ storyId: string }> };
      return page.items[0]?.storyId;
    }, 'the story in the API', 90_000);
    const versions = (await (await fetch(`${pipeline.apiUrl}/v1/stories/${storyId}/versions`, { headers: { authorization: `Bearer ${keys.reader}` } })).json()) as { items: Array<{ version: number; traceId: string | null }> };
    expect(versions.items).toEqual([expect.objectContaining({ version: 1, traceId: ingestSpan.traceId })]);
  }, 180_000);
});
