import { PassThrough } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { createLogger } from './logger';
import { extractTraceContext, initTracing, injectTraceContext, type Tracing } from './tracing';

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;

  beforeAll(() => {
    tracing = initTracing('tracing-spec', { exporter });
  });
  afterEach(() => exporter.reset());
  afterAll(() => tracing.shutdown());

  it('is initialised once per process', () => {
    expect(initTracing('another-name', { exporter: new InMemorySpanExporter() })).toBe(tracing);
  });

  it('continues the same trace across an inject / extract hop through a headers object', () => {
    const headers: Record<string, string> = {};
    const publishSpan = tracing.tracer.startActiveSpan('publish', (span) => {
      injectTraceContext(headers);
      span.end();
      return span;
    });
    const { traceId, spanId } = publishSpan.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);

    // The receiving side: a handler run in the extracted context.
    const received: Record<string, string | undefined> = { ...headers, 'nats-msg-id': 'e-1' };
    context.with(extractTraceContext(received), () =>
      tracing.tracer.startActiveSpan('handle', (span) => span.end()),
    );

    const handled = exporter.getFinishedSpans().find((span) => span.name === 'handle');
    expect(handled?.spanContext().traceId).toBe(traceId);
    expect(handled?.parentSpanContext?.spanId).toBe(spanId);
    expect(handled?.parentSpanContext?.isRemote).toBe(true);
  });

  it('starts a new trace when the headers carry none, even inside another span', () => {
    const outer = tracing.tracer.startSpan('outer');
    const handled = context.with(trace.setSpan(context.active(), outer), () =>
      context.with(extractTraceContext({ traceparent: undefined }), () => {
        const span = tracing.tracer.startSpan('handle');
        span.end();
        return span;
      }),
    );
    outer.end();

    expect(handled.spanContext().traceId).not.toBe(outer.spanContext().traceId);
  });

  it('writes nothing into the headers outside a span', () => {
    const headers: Record<string, string> = {};
    injectTraceContext(headers);
    expect(headers).toEqual({});
  });

  it('puts the active trace and span id on log lines', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger('tracing-spec', { stream });

    const span = tracing.tracer.startActiveSpan('work', (active) => {
      logger.info('inside');
      active.end();
      return active;
    });
    await new Promise((resolve) => setImmediate(resolve));

    expect(JSON.parse(text)).toMatchObject({
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
    });
  });
});

describe('tracing after shutdown', () => {
  it('can be initialised again with a new exporter', async () => {
    const first = initTracing('first', { exporter: new InMemorySpanExporter() });
    await first.shutdown();
    const exporter = new InMemorySpanExporter();
    const second = initTracing('second', { exporter });

    second.tracer.startSpan('after-restart').end();

    expect(second).not.toBe(first);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['after-restart']);
    await second.shutdown();
  });
});
