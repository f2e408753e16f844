import { FaiError, type CloudEvent, type ContractRegistry, type ErrorBody } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import {
  extractTraceContext,
  inSpan,
  SpanKind,
  withLogContext,
  type LogContext,
  type ServiceMetrics,
} from '@fai/observability';
import { context } from '@opentelemetry/api';
import { EVENT_NAME_HEADER, EVENT_VERSION_HEADER } from './cloud-event-mapping';
import { deadLetterMessage, type DeadLetterRecord } from './dead-letter';
import type { BusPublisher, DeliveredMessage, MessageHandler } from './event-bus';
import type { ApplyOutcome, ProcessedEvents } from './processed-events';

/** A CloudEvent whose `data` the contract registry has validated (and upcast), with the contract's name and version. */
export interface ConsumedEvent<TData = unknown> extends CloudEvent<TData> {
  name: string;
  version: number;
}

/** Turns a delivered message into an event; throws (ContractViolationError) when the payload breaks its contract. */
export type EventDecoder<TEvent extends ConsumedEvent = ConsumedEvent> = (
  message: DeliveredMessage,
) => TEvent | Promise<TEvent>;

/** Applies an event inside `tx`, the transaction that also records the event as processed. */
export type EventHandler<TEvent extends ConsumedEvent = ConsumedEvent, TPrepared = void> = (
  event: TEvent,
  tx: SqlExecutor,
  prepared: TPrepared,
) => Promise<void>;

/**
 * Work done before the handler's transaction opens (reading artefacts, parsing, computing), so a
 * slow step never holds a transaction open: an open transaction holds back every global-log reader
 * on the server. It must be safe to repeat: a retry runs it again.
 */
export type EventPreparer<TEvent extends ConsumedEvent = ConsumedEvent, TPrepared = void> = (
  event: TEvent,
) => Promise<TPrepared>;

/** What consumers log through; a winston logger from `createLogger` fits. */
export interface ConsumerLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export type ConsumerMetrics = Pick<
  ServiceMetrics,
  'consumerLag' | 'redeliveries' | 'deadLetters' | 'handlerSeconds'
>;

export interface ConsumerTelemetry {
  logger?: ConsumerLogger;
  metrics?: ConsumerMetrics;
}

export class MalformedEventError extends FaiError {
  constructor(subject: string, problem: string) {
    super({
      code: 'MALFORMED_EVENT',
      message: `message on ${subject} is not a FAI CloudEvent: ${problem}`,
      hint: 'Publish events through the relay, which writes structured CloudEvents with Fai-Event-Name and Fai-Event-Version headers.',
      details: { subject },
    });
  }
}

/**
 * Decodes structured-mode CloudEvents (as the relay publishes them): the contract is found by the
 * Fai-Event-Name and Fai-Event-Version headers, `data` is validated and upcast to the latest version.
 */
export function contractDecoder(registry: ContractRegistry): EventDecoder {
  return (message) => {
    const name = message.headers[EVENT_NAME_HEADER];
    const version = Number(message.headers[EVENT_VERSION_HEADER]);
    if (!name || !Number.isInteger(version)) {
      throw new MalformedEventError(
        message.subject,
        `headers ${EVENT_NAME_HEADER} and ${EVENT_VERSION_HEADER} are required`,
      );
    }
    let envelope: CloudEvent;
    try {
      envelope = JSON.parse(new TextDecoder().decode(message.data)) as CloudEvent;
    } catch (error) {
      throw new MalformedEventError(message.subject, `body is not JSON (${String(error)})`);
    }
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.id !== 'string') {
      throw new MalformedEventError(message.subject, 'body has no CloudEvent id');
    }
    const decoded = registry.decode(name, version, envelope.data);
    return {
      ...envelope,
      data: decoded.data,
      name: decoded.contract.name,
      version: decoded.contract.version,
    };
  };
}

export interface EventProcessorOptions<TEvent extends ConsumedEvent, TPrepared = void> {
  /** Durable consumer name: the key in processed_events and the second token of dead-letter subjects. */
  consumer: string;
  processedEvents: ProcessedEvents;
  decode: EventDecoder<TEvent>;
  prepare?: EventPreparer<TEvent, TPrepared>;
  handle: EventHandler<TEvent, TPrepared>;
  /** Where messages go when they are given up on (the dead-letter stream). */
  deadLetters: BusPublisher;
  /**
   * Attempts before a failing event is dead-lettered. Give the bus deliveries to spare
   * (`ConsumerSpec.maxDeliver = busMaxDeliver(...)`): later deliveries only try the dead letter again,
   * after an attempt that died without a verdict or a dead-letter publish that failed.
   */
  maxDeliver: number;
  /** Delay before each retry, by attempt; the last value repeats. */
  backoffMs: number[];
  /** Called once a message is dead-lettered; services raise an OperatorAlertRaised event from it. */
  onDeadLetter?: (record: DeadLetterRecord) => void | Promise<void>;
  telemetry?: ConsumerTelemetry;
}

/** Reasons the processor itself gives up on a message; handler and decoder errors keep their own codes. */
export const DEAD_LETTER_CODES = {
  undecodable: 'UNDECODABLE_EVENT',
  invalidEventId: 'INVALID_EVENT_ID',
  handlerFailed: 'HANDLER_FAILED',
  deliveriesExhausted: 'DELIVERIES_EXHAUSTED',
} as const;

/**
 * A MessageHandler that can also take several messages at once: their handlers then share one
 * transaction (a savepoint each), which is how a consumer keeps up with a busy log.
 */
export interface EventProcessor extends MessageHandler {
  batch(messages: DeliveredMessage[]): Promise<void>;
}

/** Subscribers hand a pulled batch to `batch` when the handler has one. */
export function isEventProcessor(handler: MessageHandler): handler is EventProcessor {
  return typeof (handler as Partial<EventProcessor>).batch === 'function';
}

/** A decoded message on its way through a batch. */
interface Pending<TEvent, TPrepared> {
  message: DeliveredMessage;
  event: TEvent;
  started: number;
  prepared?: TPrepared;
}

/**
 * The bus-independent half of a consumer: decode, apply exactly once, settle. Runs on any
 * BusSubscriber (JetStream in deployments, the in-process bus in the embedded mode).
 *
 * - A payload that fails decoding is dead-lettered at once: retrying cannot fix it.
 * - The handler's effect and the processed-events row commit together; the ack follows the commit,
 *   so a crash in between only causes a redelivery that is recognised and skipped.
 * - A failing handler is retried after the backoff delay until `maxDeliver` attempts, then the
 *   message goes to the dead-letter stream and is terminated. If that publish fails the message is
 *   nak'ed, never settled for good: the next delivery tries the dead letter again.
 * - A batch runs its handlers one after another, in delivery order, in one transaction; each
 *   message still gets its own verdict (a failing handler is rolled back alone).
 */
export function createEventProcessor<TEvent extends ConsumedEvent, TPrepared = void>(
  options: EventProcessorOptions<TEvent, TPrepared>,
): EventProcessor {
  const { consumer, telemetry = {} } = options;
  const logger = telemetry.logger ?? silentLogger;
  const labels = { consumer };

  async function deadLetter(message: DeliveredMessage, eventId: string, error: ErrorBody): Promise<void> {
    const { stream, streamSequence } = message as Partial<
      Pick<DeadLetterRecord, 'stream' | 'streamSequence'>
    >;
    const record: DeadLetterRecord = {
      consumer,
      subject: message.subject,
      eventId,
      stream,
      streamSequence,
      deliveryCount: message.deliveryCount,
      error,
      deadLetteredAt: new Date().toISOString(),
    };
    try {
      await options.deadLetters.publish([deadLetterMessage(record, message)]);
    } catch (publishError) {
      // Not terminated: the message comes back and giving up is tried again.
      logger.error('dead-letter publish failed', { consumer, eventId, error: publishError });
      message.nak(retryDelayMs(options.backoffMs, message.deliveryCount));
      return;
    }
    message.term();
    telemetry.metrics?.deadLetters.inc(labels);
    logger.error('event dead-lettered', {
      consumer,
      eventId,
      subject: message.subject,
      deliveryCount: message.deliveryCount,
      errorCode: error.code,
      errorMessage: error.message,
    });
    try {
      await options.onDeadLetter?.(record);
    } catch (hookError) {
      logger.error('onDeadLetter hook failed', { consumer, eventId, error: hookError });
    }
  }

  async function retryOrGiveUp(message: DeliveredMessage, eventId: string, error: unknown): Promise<void> {
    if (message.deliveryCount >= options.maxDeliver) {
      await deadLetter(message, eventId, errorBody(error, DEAD_LETTER_CODES.handlerFailed));
      return;
    }
    const retryInMs = retryDelayMs(options.backoffMs, message.deliveryCount);
    message.nak(retryInMs);
    telemetry.metrics?.redeliveries.inc(labels);
    logger.warn('event handler failed, will retry', {
      consumer,
      eventId,
      deliveryCount: message.deliveryCount,
      retryInMs,
      error,
    });
  }

  /** The event in a message, or undefined when the message was dead-lettered instead. */
  async function admit(message: DeliveredMessage): Promise<TEvent | undefined> {
    // The handler has had all its attempts (the last ended without a verdict: crash, ack timeout, or
    // its dead-letter publish failed): only the dead letter is left to write.
    if (message.deliveryCount > options.maxDeliver) {
      await deadLetter(message, message.id, {
        code: DEAD_LETTER_CODES.deliveriesExhausted,
        message: `delivery ${message.deliveryCount} exceeds the ${options.maxDeliver} allowed; the last attempt ended without an outcome`,
        hint: 'Look for a crash or a handler slower than the ack wait in the consumer logs, then replay the letter.',
      });
      return undefined;
    }
    let event: TEvent;
    try {
      event = await options.decode(message);
    } catch (error) {
      await deadLetter(message, message.id, errorBody(error, DEAD_LETTER_CODES.undecodable));
      return undefined;
    }
    if (!UUID.test(event.id)) {
      await deadLetter(message, message.id, {
        code: DEAD_LETTER_CODES.invalidEventId,
        message: `event id ${JSON.stringify(event.id)} is not a UUID`,
        hint: 'Events are identified by UUIDs; fix the producer.',
      });
      return undefined;
    }
    return event;
  }

  /** Runs `work` in the event's span (continuing the producer's trace across the NATS hop) and log context. */
  function inEventContext<T>(
    verb: string,
    { message, event }: Pending<TEvent, TPrepared>,
    work: () => Promise<T>,
  ) {
    return context.with(extractTraceContext(message.headers), () =>
      inSpan(
        `${verb} ${message.subject}`,
        SpanKind.CONSUMER,
        {
          'messaging.system': 'nats',
          'messaging.destination.name': message.subject,
          'messaging.message.id': event.id,
        },
        () => withLogContext(eventLogContext(event), work),
      ),
    );
  }

  /** Prepares the events not applied yet, outside any transaction; returns those ready to apply. */
  async function prepareAll(pending: Pending<TEvent, TPrepared>[]): Promise<Pending<TEvent, TPrepared>[]> {
    const { prepare } = options;
    if (!prepare) return pending;
    // Skip the preparation of events already applied; applyEach still decides for certain.
    const applied = await options.processedEvents.processedAmong(
      consumer,
      pending.map((item) => item.event.id),
    );
    const ready: Pending<TEvent, TPrepared>[] = [];
    for (const item of pending) {
      try {
        if (!applied.has(item.event.id.toLowerCase())) {
          item.prepared = await inEventContext('prepare', item, () => prepare(item.event));
        }
        ready.push(item);
      } catch (error) {
        observe(item);
        await retryOrGiveUp(item.message, item.event.id, error);
      }
    }
    return ready;
  }

  function observe(item: Pending<TEvent, TPrepared>): void {
    telemetry.metrics?.handlerSeconds.observe(labels, (performance.now() - item.started) / 1000);
  }

  async function batch(messages: DeliveredMessage[]): Promise<void> {
    const pending: Pending<TEvent, TPrepared>[] = [];
    for (const message of messages) {
      const event = await admit(message);
      if (event) pending.push({ message, event, started: performance.now() });
    }
    if (pending.length === 0) return;
    let ready: Pending<TEvent, TPrepared>[];
    let outcomes: ApplyOutcome[];
    try {
      ready = await prepareAll(pending);
      outcomes = await options.processedEvents.applyEach(
        consumer,
        ready.map((item) => ({
          eventId: item.event.id,
          apply: (tx) =>
            inEventContext('process', item, () => options.handle(item.event, tx, item.prepared as TPrepared)),
        })),
      );
    } catch (error) {
      // The transaction itself failed: nothing of the batch was applied, every message is retried.
      ready ??= pending;
      outcomes = ready.map(() => ({ status: 'failed', error }));
    }
    // Only after the commit: a crash before this point means redeliveries that applyEach skips.
    for (const [index, item] of ready.entries()) {
      const outcome = outcomes[index];
      if (outcome.status === 'duplicate') {
        item.message.ack();
        logger.info('duplicate event skipped', { consumer, eventId: item.event.id });
        continue;
      }
      // Handler time only: a skipped duplicate ran no handler.
      observe(item);
      if (outcome.status === 'failed') await retryOrGiveUp(item.message, item.event.id, outcome.error);
      else item.message.ack();
    }
  }

  return Object.assign((message: DeliveredMessage) => batch([message]), { batch });
}

/** The delay before retrying after attempt `deliveryCount` (1-based); the last value repeats. */
export function retryDelayMs(backoffMs: number[], deliveryCount: number): number | undefined {
  if (backoffMs.length === 0) return undefined;
  return backoffMs[Math.min(deliveryCount, backoffMs.length) - 1];
}

/** The log fields a handler's lines carry, from the CloudEvent extensions. */
export function eventLogContext(event: CloudEvent): LogContext {
  return {
    correlationId: event.correlationid,
    tenantId: event.tenantid,
    portfolioId: event.portfolioid,
    cycleId: event.cycleid,
    runId: event.runid,
    fundId: event.fundid,
  };
}

/** The error as recorded in a dead letter: a FaiError keeps its code and hint. */
export function errorBody(error: unknown, fallbackCode: string): ErrorBody {
  if (FaiError.isErrorBody(error)) return { code: error.code, message: error.message, hint: error.hint };
  return { code: fallbackCode, message: error instanceof Error ? error.message : String(error) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const silentLogger: ConsumerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
