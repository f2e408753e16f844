import { FaiError } from '@fai/contracts';
import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import type { Consumer, ConsumerConfig, ConsumerMessages, JsMsg, NatsConnection } from 'nats';
import type {
  BusSubscriber,
  ConsumerHandle,
  ConsumerSpec,
  DeliveredMessage,
  MessageHandler,
} from './event-bus';
import { subjectMatches } from './subjects';
import {
  isEventProcessor,
  retryDelayMs,
  type ConsumerLogger,
  type ConsumerMetrics,
} from './processed-events.processor';

export class InvalidConsumerConfigError extends FaiError {
  constructor(message: string, details?: Record<string, unknown>) {
    super({
      code: 'INVALID_CONSUMER_CONFIG',
      message,
      hint: 'Fix the consumer settings in the service configuration.',
      details,
    });
  }
}

export interface JetStreamSubscriberOptions {
  stream: string;
  /** Handlers (for event processors: batches, each one transaction) in flight at once in this process, per consumer; default 4. */
  concurrency?: number;
  /**
   * Messages an event processor handles in one transaction when they queue up; default 16, at most
   * 32. A replica holds at most `concurrency × maxBatch` messages. Plain handlers take one at a time.
   */
  maxBatch?: number;
  /** Unacknowledged messages allowed across all replicas sharing a durable; default 1000. */
  maxAckPending?: number;
  /** How long one pull request waits for messages; default 5 s (the client's minimum is 1 s). */
  fetchExpiresMs?: number;
  /** How long `stop` waits for handlers in flight; default 10 s. */
  drainTimeoutMs?: number;
  /** How often the consumer's pending count is reported; default 15 s. */
  lagIntervalMs?: number;
  logger?: ConsumerLogger;
  metrics?: Pick<ConsumerMetrics, 'consumerLag'>;
}

/** A JetStream delivery: the bus message plus where it sits in its stream. */
export interface JetStreamDelivery extends DeliveredMessage {
  readonly stream: string;
  readonly streamSequence: number;
}

export interface JetStreamConsumerHandle extends ConsumerHandle {
  /** Stops pulling, waits up to `timeoutMs` for handlers in flight, returns what was pulled but not started. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * BusSubscriber over JetStream durable pull consumers (explicit ack, MaxDeliver, BackOff).
 *
 * Flow control: each pull asks for exactly as many messages as there are free handler slots, so a
 * replica never holds more than `concurrency` messages and the rest stay on the server for the
 * other replicas sharing the durable.
 */
export class JetStreamSubscriber implements BusSubscriber {
  constructor(
    private readonly nc: NatsConnection,
    private readonly options: JetStreamSubscriberOptions,
  ) {}

  async consume(spec: ConsumerSpec, handler: MessageHandler): Promise<JetStreamConsumerHandle> {
    const config = consumerConfig(spec, this.options.maxAckPending ?? 1000);
    const jsm = await this.nc.jetstreamManager();
    // Creating an existing durable with a changed configuration updates it (NATS 2.9).
    await jsm.consumers.add(this.options.stream, config);
    const consumer = await this.nc.jetstream().consumers.get(this.options.stream, spec.durableName);
    return new PullLoop(consumer, spec, handler, this.options).start();
  }
}

/** NATS 2.9 filters a consumer on one subject: several are narrowed to their common prefix here and matched again on delivery. */
export function serverFilterSubject(subjects: string[]): string | undefined {
  const unique = [...new Set(subjects)];
  if (unique.length === 1) return unique[0];
  const tokenLists = unique.map((subject) => subject.split('.'));
  const common: string[] = [];
  const shortest = Math.min(...tokenLists.map((tokens) => tokens.length));
  // Stop one token short of the shortest subject: `a.>` does not match `a` itself.
  for (let i = 0; i < shortest - 1; i++) {
    const token = tokenLists[0][i];
    if (token === '>' || tokenLists.some((tokens) => tokens[i] !== token)) break;
    common.push(token);
  }
  return common.length > 0 ? [...common, '>'].join('.') : undefined;
}

/**
 * The server BackOff list: one delay per redelivery. NATS requires fewer entries than MaxDeliver;
 * entries past that could never be used.
 */
export function serverBackoffMs(backoffMs: number[], maxDeliver: number): number[] {
  return backoffMs.slice(0, Math.max(0, maxDeliver - 1));
}

/** How long deliveries go on after the last attempt while the dead letter cannot be written. */
export const DEAD_LETTER_PERSISTENCE_MS = 24 * 3600 * 1000;

/**
 * The bus's MaxDeliver for a consumer that dead-letters after `maxDeliver` attempts. The processor
 * ends a message only by writing its dead letter; deliveries past `maxDeliver` only retry that
 * write (after a crash, an ack timeout or a failed publish). A MaxDeliver of `maxDeliver + 1` dropped
 * a message whose dead-letter publish failed on that last delivery; this one keeps retrying for a
 * day at the last back-off. (NATS 2.9 refuses an unlimited MaxDeliver together with BackOff.)
 */
export function busMaxDeliver(maxDeliver: number, backoffMs: number[], ackWaitMs: number): number {
  const retryEveryMs = backoffMs.length > 0 ? backoffMs[backoffMs.length - 1] : ackWaitMs;
  return maxDeliver + 1 + Math.ceil(DEAD_LETTER_PERSISTENCE_MS / Math.max(1, retryEveryMs));
}

export function consumerConfig(spec: ConsumerSpec, maxAckPending: number): Partial<ConsumerConfig> {
  if (!(spec.maxDeliver >= 1))
    throw new InvalidConsumerConfigError('maxDeliver must be at least 1', { ...spec });
  if (!(spec.ackWaitMs >= 1)) throw new InvalidConsumerConfigError('ackWaitMs must be positive', { ...spec });
  const backoff = serverBackoffMs(spec.backoffMs ?? [], spec.maxDeliver);
  return {
    durable_name: spec.durableName,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: serverFilterSubject(spec.filterSubjects),
    // With BackOff set, NATS 2.9 takes its first value as the ack wait (checked against 2.9.10).
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    backoff: backoff.length > 0 ? backoff.map(nanos) : undefined,
    max_ack_pending: maxAckPending,
  };
}

class Delivery implements JetStreamDelivery {
  readonly subject: string;
  readonly id: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
  readonly deliveryCount: number;
  readonly stream: string;
  readonly streamSequence: number;
  settled = false;

  constructor(private readonly message: JsMsg) {
    this.subject = message.subject;
    this.data = message.data;
    this.deliveryCount = message.info.deliveryCount;
    this.stream = message.info.stream;
    this.streamSequence = message.info.streamSequence;
    const headers: Record<string, string> = {};
    for (const name of message.headers?.keys() ?? []) headers[name] = message.headers!.get(name);
    this.headers = headers;
    this.id = headers['Nats-Msg-Id'] ?? `${this.stream}:${this.streamSequence}`;
  }

  ack(): void {
    this.settle(() => this.message.ack());
  }

  nak(delayMs?: number): void {
    this.settle(() => this.message.nak(delayMs));
  }

  term(): void {
    this.settle(() => this.message.term());
  }

  /** Resets the server's ack timer while a handler is still working. */
  keepAlive(): void {
    if (!this.settled) sendIgnoringClosed(() => this.message.working());
  }

  private settle(send: () => void): void {
    if (this.settled) return;
    this.settled = true;
    sendIgnoringClosed(send);
  }
}

/** On a closed connection nothing can be settled; the server redelivers after the ack wait. */
function sendIgnoringClosed(send: () => void): void {
  try {
    send();
  } catch {
    return;
  }
}

class PullLoop implements JetStreamConsumerHandle {
  private readonly concurrency: number;
  private readonly maxBatch: number;
  private readonly keepAliveMs: number;
  private readonly logger?: ConsumerLogger;
  /** Pulled, waiting for a free slot. */
  private readonly queue: Delivery[] = [];
  /** Batches being handled, at most `concurrency`. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Messages queued or being handled. */
  private held = 0;
  private readonly keepAlives = new Map<Delivery, NodeJS.Timeout>();
  private stopping = false;
  private batch?: ConsumerMessages;
  private wake?: () => void;
  private lagTimer?: NodeJS.Timeout;
  private loop?: Promise<void>;

  constructor(
    private readonly consumer: Consumer,
    private readonly spec: ConsumerSpec,
    private readonly handler: MessageHandler,
    private readonly options: JetStreamSubscriberOptions,
  ) {
    this.concurrency = options.concurrency ?? 4;
    if (!(this.concurrency >= 1))
      throw new InvalidConsumerConfigError('concurrency must be at least 1', { ...options });
    this.maxBatch = isEventProcessor(handler) ? (options.maxBatch ?? DEFAULT_MAX_BATCH) : 1;
    if (!(this.maxBatch >= 1 && this.maxBatch <= MAX_BATCH))
      throw new InvalidConsumerConfigError(`maxBatch must be between 1 and ${MAX_BATCH}`, { ...options });
    // The server's ack deadline per delivery is the BackOff value for that attempt, else the ack wait.
    this.keepAliveMs =
      Math.min(spec.ackWaitMs, ...serverBackoffMs(spec.backoffMs ?? [], spec.maxDeliver)) / 2;
    this.logger = options.logger;
  }

  /** Messages this replica holds at most: the rest stay on the server for the other replicas. */
  private get capacity(): number {
    return this.concurrency * this.maxBatch;
  }

  start(): this {
    this.loop = this.pull();
    void this.reportLag();
    this.lagTimer = setInterval(() => void this.reportLag(), this.options.lagIntervalMs ?? 15_000);
    this.lagTimer.unref();
    return this;
  }

  async stop(timeoutMs = this.options.drainTimeoutMs ?? 10_000): Promise<void> {
    this.stopping = true;
    clearInterval(this.lagTimer);
    this.wake?.();
    this.batch?.stop();
    await this.loop;
    // Pulled but not started: straight back to the server for the other replicas.
    for (const delivery of this.queue.splice(0)) this.release(delivery, () => delivery.nak());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const finished = Promise.all(this.inFlight).then(() => false);
    if (await Promise.race([finished, timedOut])) {
      this.logger?.warn('drain timed out; unfinished messages will be redelivered', {
        consumer: this.spec.durableName,
        inFlight: this.held,
      });
    }
    clearTimeout(timer);
    // Handlers still running no longer hold their messages: the server redelivers them elsewhere.
    for (const keepAlive of this.keepAlives.values()) clearInterval(keepAlive);
    this.keepAlives.clear();
  }

  private async pull(): Promise<void> {
    while (!this.stopping) {
      await this.room();
      if (this.stopping) return;
      try {
        // The room left, but at least a window of `concurrency`: asking only for the free slots meant
        // one round trip per message under load. Messages beyond the room wait in the client, not
        // yet kept alive, so the room is all a pull asks for when there is more of it.
        this.batch = await this.consumer.fetch({
          max_messages: Math.max(this.capacity - this.held, this.concurrency),
          expires: this.options.fetchExpiresMs ?? 5000,
        });
        if (this.stopping) this.batch.stop();
        for await (const message of this.batch) {
          const delivery = new Delivery(message);
          if (this.stopping) delivery.nak();
          else if (!this.spec.filterSubjects.some((pattern) => subjectMatches(pattern, delivery.subject)))
            delivery.ack();
          else {
            this.enqueue(delivery);
            await this.room();
          }
        }
      } catch (error) {
        if (this.stopping) return;
        this.logger?.warn('pull failed, retrying', { consumer: this.spec.durableName, error });
        await this.pause(1000);
      } finally {
        this.batch = undefined;
      }
    }
  }

  private enqueue(delivery: Delivery): void {
    // Held from now on, also while it waits for a slot.
    this.keepAlives.set(delivery, setInterval(() => delivery.keepAlive(), this.keepAliveMs).unref());
    this.held += 1;
    this.queue.push(delivery);
    this.dispatch();
  }

  /**
   * Starts batches while slots are free. A message arriving at an idle consumer starts alone at
   * once; what queues while every slot is busy is shared out among the slots as they free up.
   */
  private dispatch(): void {
    while (this.inFlight.size < this.concurrency && this.queue.length > 0) {
      const free = this.concurrency - this.inFlight.size;
      const size = Math.min(this.maxBatch, Math.ceil(this.queue.length / free));
      this.run(this.queue.splice(0, size));
    }
  }

  private run(deliveries: Delivery[]): void {
    const task = (async () => {
      try {
        if (isEventProcessor(this.handler)) await this.handler.batch(deliveries);
        else await this.handler(deliveries[0]);
      } catch (error) {
        this.logger?.error('message handler threw', { consumer: this.spec.durableName, error });
      } finally {
        for (const delivery of deliveries) {
          this.release(delivery, () =>
            delivery.nak(retryDelayMs(this.spec.backoffMs ?? [], delivery.deliveryCount)),
          );
        }
      }
    })();
    this.inFlight.add(task);
    void task.finally(() => {
      this.inFlight.delete(task);
      this.dispatch();
      this.wake?.();
    });
  }

  /** Done with a delivery: stop holding it, and settle it with `settle` unless the handler did. */
  private release(delivery: Delivery, settle: () => void): void {
    clearInterval(this.keepAlives.get(delivery));
    this.keepAlives.delete(delivery);
    this.held -= 1;
    settle();
  }

  private room(): Promise<void> {
    if (this.held < this.capacity || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async reportLag(): Promise<void> {
    if (!this.options.metrics) return;
    try {
      const info = await this.consumer.info();
      this.options.metrics.consumerLag.set({ consumer: this.spec.durableName }, info.num_pending);
    } catch (error) {
      this.logger?.warn('consumer lag unavailable', { consumer: this.spec.durableName, error });
    }
  }
}

/** Messages per transaction by default: enough to amortise a commit, few enough to keep each short. */
const DEFAULT_MAX_BATCH = 16;
/**
 * PostgreSQL keeps 64 subtransactions per transaction in shared memory, past that every snapshot on
 * the server slows down; each message takes one, and handlers' own savepoints count too.
 */
const MAX_BATCH = 32;
