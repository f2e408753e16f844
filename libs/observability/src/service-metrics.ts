import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Seconds; from a fast single-row append up to a slow handler or request.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The metrics every FAI service exposes, in a registry of its own (not prom-client's global
 * one) so that several services or tests in one process never collide. Services register
 * their domain metrics on `registry` too.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly relayLag = new Gauge({
    name: 'fai_relay_lag_events',
    help: 'Events committed to the store but not yet published to the bus',
    labelNames: ['relay'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'fai_consumer_lag_messages',
    help: 'Messages the stream holds that the consumer has not yet received (JetStream num_pending)',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly redeliveries = new Counter({
    name: 'fai_consumer_redeliveries_total',
    help: 'Messages delivered again after a nak or an ack timeout',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'fai_dead_letters_total',
    help: 'Messages given up on after the last delivery attempt and moved to the dead-letter stream',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly appendSeconds = new Histogram({
    name: 'fai_event_append_seconds',
    help: 'Time to append a batch of events to a stream, including the version check',
    labelNames: ['store'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly handlerSeconds = new Histogram({
    name: 'fai_consumer_handler_seconds',
    help: 'Time a consumer spends handling one message, until ack or nak',
    labelNames: ['consumer'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly httpSeconds = new Histogram({
    name: 'fai_http_request_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly contentType: string;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.contentType = this.registry.contentType;
  }

  /** The Prometheus text exposition, for a `/metrics` endpoint. */
  metricsText(): Promise<string> {
    return this.registry.metrics();
  }
}
