import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from '../logger.ts';

export interface TracingConfig {
  /** `off` (the default: no spans recorded, nothing propagated) or `otlp` (OTLP/HTTP JSON export). */
  readonly exporter: 'off' | 'otlp';
  /** Where OTLP/HTTP trace batches are posted, e.g. http://127.0.0.1:4318/v1/traces. */
  readonly otlpTracesUrl: string;
  /** How long finished spans wait before a batch is sent. */
  readonly exportDelayMs: number;
}

/** The process's tracing, made once by the composition root; spans come from the OpenTelemetry API. */
export interface Tracing {
  readonly enabled: boolean;
  /** For the Temporal worker's workflow span exporter; null when tracing is off. */
  readonly spanProcessor: SpanProcessor | null;
  readonly resource: Resource;
  /** Sends what is buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

export const TRACER_NAME = 'storyline';

/**
 * Starts OpenTelemetry tracing for this process when configured: a tracer provider with the W3C
 * trace-context propagator and async-hooks context, exporting over OTLP/HTTP in batches. The
 * OpenTelemetry API is process-global by design; with tracing off it stays a no-op, so
 * instrumented code costs next to nothing and writes no trace headers.
 */
export function startTracing(config: TracingConfig, serviceName: string, logger?: Pick<Logger, 'warn'>): Tracing {
  const resource = new Resource({ 'service.name': serviceName });
  if (config.exporter === 'off') return { enabled: false, spanProcessor: null, resource, shutdown: () => Promise.resolve() };
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpTracesUrl }), { scheduledDelayMillis: config.exportDelayMs });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    enabled: true,
    spanProcessor,
    resource,
    async shutdown() {
      // A collector that is down loses the last spans; it must not fail the process's graceful stop.
      await provider.shutdown().catch((error: unknown) => logger?.warn({ err: error, url: config.otlpTracesUrl }, 'the last trace spans could not be exported'));
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** The active trace context as Kafka record headers (`traceparent`, `tracestate`); empty when tracing is off. */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

/** The trace context a record's (or a request's) headers carry, to continue its trace. */
export function contextFromHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** The id of the trace being recorded, or null when none is (tracing off). */
export function activeTraceId(): string | null {
  const span = trace.getActiveSpan();
  return span && span.isRecording() ? span.spanContext().traceId : null;
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** The parent; the active context by default. */
  readonly parent?: Context;
}

/** Runs `work` inside a span that ends with it and records its failure. */
export function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) }, options.parent ?? context.active(), async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
