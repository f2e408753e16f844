#!/usr/bin/env node
import { createServer, type Server } from 'node:http';
import { createLogger, ServiceMetrics } from '@fai/observability';
import { connect, type NatsConnection } from 'nats';
import { initialEventMetricsState, observe, type ObservedEvent } from './event-metrics/event-metrics';
import { EventMetricsRegistry } from './event-metrics/event-metrics-registry';

/**
 * `node ops/dist/event-metrics-main.js`: the event-metrics exporter (chart `event-metrics`). Reads the
 * whole event stream from its first message with an ordered, ephemeral consumer, then follows it, so
 * the totals are the stream's and a restart does not reset them. Until it has read every message the
 * stream held at start, `/metrics` and `/health/ready` answer 503: a scrape never sees a partial
 * replay, which `increase()` would take for growth. Serves `GET /metrics`, `/health/live` and
 * `/health/ready`. Settings: FAI_NATS_URL, FAI_EVENT_STREAM, FAI_HTTP_PORT.
 */
export interface EventMetricsExporter {
  port: number;
  stop(): Promise<void>;
}

const decoder = new TextDecoder();

export async function startEventMetricsExporter(options: {
  natsUrl: string;
  stream: string;
  port: number;
}): Promise<EventMetricsExporter> {
  const logger = createLogger('event-metrics');
  const metrics = new ServiceMetrics('event-metrics');
  const recorder = new EventMetricsRegistry(metrics.registry);
  const nc: NatsConnection = await connect({ servers: options.natsUrl, name: 'fai-event-metrics' });
  const { state: streamState } = await (await nc.jetstreamManager()).streams.info(options.stream);
  // From sequence 1 rather than DeliverPolicy.All: nats.js 2.29 sends All with opt_start_seq, which the
  // server refuses, and the ordered consumer then retries for ever. Sequence 1 is the stream's start.
  const consumer = await nc.jetstream().consumers.get(options.stream, { opt_start_seq: 1 });
  const messages = await consumer.consume();
  let state = initialEventMetricsState();
  let caughtUp = streamState.messages === 0;
  const following = (async () => {
    for await (const message of messages) {
      if (message.seq >= streamState.last_seq) caughtUp = true;
      try {
        const event = JSON.parse(decoder.decode(message.data)) as ObservedEvent;
        const next = observe(state, event);
        state = next.state;
        next.observations.forEach((observation) => recorder.record(observation));
      } catch (error) {
        // One unreadable message must not stop the measurements; it is counted nowhere but logged.
        logger.warn('event-metrics skipped a message it could not read', { subject: message.subject, error });
      }
    }
  })();
  const server: Server = createServer((request, response) => {
    const send = (status: number, type: string, body: string) =>
      response.writeHead(status, { 'content-type': type }).end(body);
    if (request.url === '/metrics') {
      if (!caughtUp) send(503, 'text/plain', 'replaying the event stream\n');
      else void metrics.metricsText().then((text) => send(200, metrics.contentType, text));
    } else if (request.url === '/health/live') {
      send(200, 'application/json', '{"status":"ok"}');
    } else if (request.url === '/health/ready') {
      const ready = caughtUp && !nc.isClosed();
      send(ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ok' : 'error' }));
    } else {
      send(404, 'application/json', '{"status":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  const address = server.address();
  logger.info('event-metrics reading the event stream from its start', {
    stream: options.stream,
    messages: streamState.messages,
  });
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await messages.close();
      await following;
      await nc.drain();
    },
  };
}

if (require.main === module) {
  startEventMetricsExporter({
    natsUrl: process.env.FAI_NATS_URL || 'nats://127.0.0.1:4222',
    stream: process.env.FAI_EVENT_STREAM || 'FAI_EVENTS',
    port: Number(process.env.FAI_HTTP_PORT || 3107),
  }).then(
    (exporter) => {
      const stop = () => void exporter.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
