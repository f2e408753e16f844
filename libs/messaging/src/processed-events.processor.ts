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
import type { ProcessedEvents } from './processed-events';

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
   * Attempts before a failing event is dead-lettered. Give the bus one delivery more
   * (`ConsumerSpec.maxDeliver = maxDeliver + 1`) so an attempt that died without a verdict still
   * reaches the dead letters.
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
 * The bus-independent half of a consumer: decode, apply exactly once, settle. Runs on any
 * BusSubscriber (JetStream in deployments, the in-process bus in the embedded mode).
 *
 * - A payload that fails decoding is dead-lettered at once: retrying cannot fix it.
 * - The handler's effect and the processed-events row commit together; the ack follows the commit,
 *   so a crash in between only causes a redelivery that is recognised and skipped.
 * - A failing handler is retried after the backoff delay until `maxDeliver` attempts, then the
 *   message goes to the dead-letter stream and is terminated.
 */
export function createEventProcessor<TEvent extends ConsumedEvent, TPrepared = void>(
  options: EventProcessorOptions<TEvent, TPrepared>,
): MessageHandler {
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

  async function apply(message: DeliveredMessage, event: TEvent): Promise<void> {
    const started = performance.now();
    let applied: boolean;
    try {
      let prepared = undefined as TPrepared;
      if (options.prepare) {
        // Skip the preparation of an event already applied; applyOnce still decides for certain.
        applied = !(await options.processedEvents.isProcessed(consumer, event.id));
        if (applied) prepared = await options.prepare(event);
      }
      applied = await options.processedEvents.applyOnce(consumer, event.id, (tx) =>
        options.handle(event, tx, prepared),
      );
    } catch (error) {
      await retryOrGiveUp(message, event.id, error);
      return;
    } finally {
      telemetry.metrics?.handlerSeconds.observe(labels, (performance.now() - started) / 1000);
    }
    // Only after the commit: a crash before this line means a redelivery that applyOnce skips.
    message.ack();
    if (!applied) logger.info('duplicate event skipped', { consumer, eventId: event.id });
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

  return async (message) => {
    // Only reached when the previous attempt ended without a verdict (crash, ack timeout, failed
    // dead-letter publish): the subscriber is given one delivery more than maxDeliver for this.
    if (message.deliveryCount > options.maxDeliver) {
      await deadLetter(message, message.id, {
        code: DEAD_LETTER_CODES.deliveriesExhausted,
        message: `delivery ${message.deliveryCount} exceeds the ${options.maxDeliver} allowed; the last attempt ended without an outcome`,
        hint: 'Look for a crash or a handler slower than the ack wait in the consumer logs, then replay the letter.',
      });
      return;
    }
    let event: TEvent;
    try {
      event = await options.decode(message);
    } catch (error) {
      await deadLetter(message, message.id, errorBody(error, DEAD_LETTER_CODES.undecodable));
      return;
    }
    if (!UUID.test(event.id)) {
      await deadLetter(message, message.id, {
        code: DEAD_LETTER_CODES.invalidEventId,
        message: `event id ${JSON.stringify(event.id)} is not a UUID`,
        hint: 'Events are identified by UUIDs; fix the producer.',
      });
      return;
    }
    // The consumer's span continues the producer's trace across the NATS hop.
    await context.with(extractTraceContext(message.headers), () =>
      inSpan(
        `process ${message.subject}`,
        SpanKind.CONSUMER,
        {
          'messaging.system': 'nats',
          'messaging.destination.name': message.subject,
          'messaging.message.id': event.id,
        },
        () => withLogContext(eventLogContext(event), () => apply(message, event)),
      ),
    );
  };
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
