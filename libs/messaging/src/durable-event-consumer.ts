import type { SqlDatabase } from '@fai/event-store';
import type { DeadLetterRecord } from './dead-letter';
import type { ConsumerHandle } from './event-bus';
import { busMaxDeliver } from './jetstream-consumer';
import type { MessageBus } from './message-bus';
import { ProcessedEvents } from './processed-events';
import {
  createEventProcessor,
  type ConsumedEvent,
  type ConsumerTelemetry,
  type EventDecoder,
  type EventHandler,
  type EventPreparer,
} from './processed-events.processor';

export interface DurableEventConsumerOptions<TEvent extends ConsumedEvent = ConsumedEvent, TPrepared = void> {
  /** The JetStream stream holding the subjects (unused by the in-process bus). */
  stream: string;
  /** Durable name, shared by every replica of the service. */
  durable: string;
  /** Subjects to consume (`fai.ingest.artefact-ingested.v1`, `fai.ingest.>`). */
  filterSubjects: string[];
  /** Schema holding `processed_events`, normally the service's own. */
  schema: string;
  decode: EventDecoder<TEvent>;
  /** Slow work to do before the handler's transaction opens (see EventPreparer). */
  prepare?: EventPreparer<TEvent, TPrepared>;
  handle: EventHandler<TEvent, TPrepared>;
  /** Attempts before a failing event is dead-lettered; default 5. */
  maxDeliver?: number;
  /** Delay before each retry; the last value repeats. Default 1 s, 5 s, 30 s, 2 min. */
  backoffMs?: number[];
  /** Ack wait when no backoff is set; default 30 s. */
  ackWaitMs?: number;
  concurrency?: number;
  /** Messages handled in one transaction when they queue up (see JetStreamSubscriberOptions; the in-process bus takes one at a time). */
  maxBatch?: number;
  maxAckPending?: number;
  fetchExpiresMs?: number;
  lagIntervalMs?: number;
  drainTimeoutMs?: number;
  onDeadLetter?: (record: DeadLetterRecord) => void | Promise<void>;
  telemetry?: ConsumerTelemetry;
}

/**
 * A service's durable event consumer on its message bus (JetStream in deployments, the in-process
 * bus in the embedded default): exactly-once effects through processed_events, bounded retries,
 * dead letters. Dead letters are published on `fai-dlq.<durable>.<subject>`; the
 * dead-letter stream must exist (`ensureDeadLetterStream` at deployment or start-up).
 */
export class DurableEventConsumer<TEvent extends ConsumedEvent = ConsumedEvent, TPrepared = void> {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: MessageBus,
    private readonly db: SqlDatabase,
    private readonly options: DurableEventConsumerOptions<TEvent, TPrepared>,
  ) {}

  async start(): Promise<void> {
    const { options } = this;
    const processedEvents = new ProcessedEvents(this.db, options.schema);
    await processedEvents.migrate();
    const maxDeliver = options.maxDeliver ?? 5;
    const backoffMs = options.backoffMs ?? [1000, 5000, 30_000, 120_000];
    const ackWaitMs = options.ackWaitMs ?? 30_000;
    const subscriber = this.bus.subscriber({
      stream: options.stream,
      concurrency: options.concurrency,
      maxBatch: options.maxBatch,
      maxAckPending: options.maxAckPending,
      fetchExpiresMs: options.fetchExpiresMs,
      lagIntervalMs: options.lagIntervalMs,
      drainTimeoutMs: options.drainTimeoutMs,
      logger: options.telemetry?.logger,
      metrics: options.telemetry?.metrics,
    });
    const processor = createEventProcessor({
      consumer: options.durable,
      processedEvents,
      decode: options.decode,
      prepare: options.prepare,
      handle: options.handle,
      deadLetters: this.bus.publisher,
      maxDeliver,
      backoffMs,
      onDeadLetter: options.onDeadLetter,
      telemetry: options.telemetry,
    });
    this.handle = await subscriber.consume(
      {
        durableName: options.durable,
        filterSubjects: options.filterSubjects,
        maxDeliver: busMaxDeliver(maxDeliver, backoffMs, ackWaitMs),
        ackWaitMs,
        backoffMs,
      },
      processor,
    );
  }

  /** Stops fetching, lets handlers in flight finish (up to `timeoutMs`), then closes; the rest is redelivered. */
  async drain(timeoutMs?: number): Promise<void> {
    await this.handle?.stop(timeoutMs);
    this.handle = undefined;
  }
}
