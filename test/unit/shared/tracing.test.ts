import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../services/shared/config.ts';
import { activeTraceId, contextFromHeaders, inSpan, startTracing, traceHeaders } from '../../../services/shared/tracing/tracing.ts';

describe('tracing', () => {
  it('is off by default: spans are not recorded and records carry no trace headers', async () => {
    const config = loadConfig({});
    expect(config.tracing).toMatchObject({ exporter: 'off', otlpTracesUrl: 'http://127.0.0.1:4318/v1/traces' });
    const tracing = startTracing(config.tracing, 'test');
    expect(tracing.enabled).toBe(false);
    await inSpan('work', {}, () => {
      expect(activeTraceId()).toBeNull();
      expect(traceHeaders()).toEqual({});
      return Promise.resolve();
    });
  });

  it('when on, a span continues the trace a record header carries and hands it on', async () => {
    const tracing = startTracing({ exporter: 'otlp', otlpTracesUrl: 'http://127.0.0.1:9/v1/traces', exportDelayMs: 60_000 }, 'test');
    try {
      const parent = contextFromHeaders({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
      const seen = await inSpan('child', { parent }, () => Promise.resolve({ traceId: activeTraceId(), headers: traceHeaders() }));
      expect(seen.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(seen.headers['traceparent']).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
      expect(seen.headers['traceparent']).not.toContain('b7ad6b7169203331');
      await expect(inSpan('failing', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    } finally {
      await tracing.shutdown();
    }
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(context.active()).toBeDefined();
  });
});
