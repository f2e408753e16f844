import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  tracer: Tracer;
  /** Flushes pending spans and unregisters the provider, so a later initTracing starts afresh. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Spans go to this exporter as each one ends (tests pass an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

let active: Tracing | undefined;

/**
 * Registers the process-wide tracer provider with W3C trace-context propagation and
 * AsyncLocalStorage context. Idempotent: later calls return the first registration.
 * Without `options.exporter`, spans are exported over OTLP/HTTP in batches when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, and dropped otherwise.
 */
export function initTracing(service: string, options: TracingOptions = {}): Tracing {
  if (active) return active;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: spanProcessors(options),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const registration: Tracing = {
    tracer: trace.getTracer(service),
    async shutdown() {
      if (active !== registration) return;
      active = undefined;
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
      }
    },
  };
  active = registration;
  return registration;
}

function spanProcessors(options: TracingOptions): SpanProcessor[] {
  if (options.exporter) return [new SimpleSpanProcessor(options.exporter)];
  const otlpConfigured =
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  // The exporter reads its endpoint, headers and timeout from the standard OTEL_* variables itself.
  return otlpConfigured ? [new BatchSpanProcessor(new OTLPTraceExporter())] : [];
}

/** Writes `traceparent` (and `tracestate`) of the active span into outgoing headers, e.g. a NATS message. */
export function injectTraceContext(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/**
 * The context a handler of an incoming message or request should run in (`context.with(ctx, ...)`),
 * so its spans continue the sender's trace. Starts from the root context: the receiver's own
 * ambient span must not become the parent.
 */
export function extractTraceContext(headers: Record<string, string | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/**
 * Runs `work` in a new active span (a child of the current context, e.g. one extracted from
 * NATS or HTTP headers), recording a thrown error on it. Without a registered provider the span
 * is a no-op and only the context is carried.
 */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  return trace.getTracer('fai').startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
