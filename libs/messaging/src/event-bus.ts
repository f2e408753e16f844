/**
 * The bus every service talks to. JetStream implements it in deployments and integration tests;
 * the in-process bus implements it for the one-command embedded demo, where every service runs
 * in one process with no NATS server. Keeping both behind this small interface is what lets the
 * same relay, consumers and handlers run unchanged in either setting, so the interface only has
 * what a JetStream durable pull consumer offers on NATS 2.9 (no feature the in-process bus could
 * fake but the server could not deliver).
 */

import { FaiError } from '@fai/contracts';

/** One message to publish. Structured-mode CloudEvents travel as JSON bytes in `data`. */
export interface BusMessage {
  /** `fai.<context>.<event-name>.v<N>` for events; also what consumers filter on. */
  subject: string;
  /** Deduplication id (the event id): a second publish with the same id inside the window is dropped. On JetStream: `Nats-Msg-Id`. */
  id: string;
  headers: Record<string, string>;
  data: Uint8Array;
}

/** Raised by `publish` when a message was not durably accepted; earlier messages of the batch may have been. */
export class BusPublishError extends FaiError {
  constructor(message: BusMessage, reason: string, cause?: unknown) {
    super({
      code: 'BUS_PUBLISH_FAILED',
      message: `publishing ${message.subject} (id ${message.id}) failed: ${reason}`,
      hint: 'Check that the bus is reachable and a stream captures the subject, then publish the same batch again: duplicates are dropped by id.',
      details: { subject: message.subject, id: message.id },
    });
    this.cause = cause;
  }
}

export interface BusPublisher {
  /**
   * Publishes in order and resolves only when every message is durably accepted (or recognised as a
   * duplicate). A rejection means some messages may have been accepted: publish the same batch again,
   * deduplication by id absorbs what already got through.
   */
  publish(messages: BusMessage[]): Promise<void>;
}

/** A delivered message, settled by exactly one of ack, nak or term. */
export interface DeliveredMessage {
  readonly subject: string;
  /** The id given at publish time. */
  readonly id: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
  /** 1 on first delivery; compare with `maxDeliver` to know whether this is the last attempt. */
  readonly deliveryCount: number;
  /** Done: never deliver again to this consumer. */
  ack(): void;
  /** Failed: deliver again after `delayMs` (immediately when omitted), while deliveries remain. */
  nak(delayMs?: number): void;
  /** Give up on it: never deliver again, whatever deliveries remain. */
  term(): void;
}

/** A durable pull consumer. Replicas that use the same `durableName` share its position and its work. */
export interface ConsumerSpec {
  durableName: string;
  /**
   * Subjects to receive, NATS wildcards allowed (`fai.ingest.>`). NATS 2.9 filters a consumer on
   * one subject only, so the JetStream side maps several subjects onto what the server offers.
   */
  filterSubjects: string[];
  /** Deliveries after which the bus stops trying (JetStream MaxDeliver). */
  maxDeliver: number;
  /** How long a delivery may stay unsettled before it counts as failed and is redelivered (AckWait). */
  ackWaitMs: number;
  /**
   * Per-attempt ack wait, replacing `ackWaitMs` as JetStream's BackOff does: delivery n is redelivered
   * `backoffMs[n-1]` after it went out unsettled; the last value repeats. Also the nak delay used
   * when a handler throws.
   */
  backoffMs?: number[];
}

/** Returned by `consume`; `stop` lets handlers in flight finish and leaves unsettled messages to redelivery. */
export interface ConsumerHandle {
  /** Waits up to `timeoutMs` (where the bus supports a limit) for handlers in flight. */
  stop(timeoutMs?: number): Promise<void>;
}

export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

export interface BusSubscriber {
  /**
   * Creates the durable consumer if it does not exist, then delivers its messages to `handler`.
   * A handler that throws without settling the message has it nak'ed (with its back-off delay).
   * A message that used up `maxDeliver` deliveries without an ack is no longer delivered: moving
   * it to a dead-letter subject (`fai-dlq.…`) so an operator sees it is the consumer's job, on the
   * last delivery (`deliveryCount === maxDeliver`), before it settles that delivery.
   */
  consume(spec: ConsumerSpec, handler: MessageHandler): Promise<ConsumerHandle>;
}

export interface EventBus extends BusPublisher, BusSubscriber {}
