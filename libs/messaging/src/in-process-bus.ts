import type {
  BusMessage,
  ConsumerHandle,
  ConsumerSpec,
  DeliveredMessage,
  EventBus,
  MessageHandler,
} from './event-bus';
import { MIN_DUPLICATE_WINDOW_MS } from './jetstream-streams';
import { subjectMatches } from './subjects';

export interface InProcessBusOptions {
  /** Like the JetStream stream's duplicate window; defaults to the same two minutes. */
  duplicateWindowMs?: number;
  /** The clock the duplicate window runs on. */
  now?: () => number;
}

interface StoredMessage extends BusMessage {
  sequence: number;
}

/**
 * The bus in memory, for the embedded one-process demo: one ordered log of every published
 * message (a JetStream stream on `>`), deduplication by id within a window, and durable consumers
 * with JetStream's delivery rules (explicit ack, nak with delay, term, ack wait, back-off,
 * max deliver). Nothing survives the process, which is fine because the event store is the
 * system of record and the relay re-publishes from its checkpoint.
 */
export class InProcessBus implements EventBus {
  private readonly log: StoredMessage[] = [];
  /** Dedup id → time accepted, in acceptance order (so expiry trims from the front). */
  private readonly acceptedAt = new Map<string, number>();
  private readonly consumers = new Map<string, DurableConsumer>();
  private readonly duplicateWindowMs: number;
  private readonly now: () => number;

  constructor(options: InProcessBusOptions = {}) {
    this.duplicateWindowMs = options.duplicateWindowMs ?? MIN_DUPLICATE_WINDOW_MS;
    this.now = options.now ?? Date.now;
  }

  async publish(messages: BusMessage[]): Promise<void> {
    for (const message of messages) this.accept(message);
    for (const consumer of this.consumers.values()) consumer.dispatch();
  }

  async consume(spec: ConsumerSpec, handler: MessageHandler): Promise<ConsumerHandle> {
    let consumer = this.consumers.get(spec.durableName);
    if (consumer) consumer.spec = spec;
    else {
      consumer = new DurableConsumer(spec, this.log);
      this.consumers.set(spec.durableName, consumer);
    }
    return consumer.attach(handler);
  }

  /** Stops a durable consumer and forgets its position, as deleting a JetStream consumer does. */
  async deleteConsumer(durableName: string): Promise<void> {
    const consumer = this.consumers.get(durableName);
    this.consumers.delete(durableName);
    await consumer?.close();
  }

  /** Stops every consumer and its timers; messages stay, the bus is unusable for delivery after. */
  async close(): Promise<void> {
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.close()));
  }

  private accept(message: BusMessage): void {
    const now = this.now();
    for (const [id, at] of this.acceptedAt) {
      if (at > now - this.duplicateWindowMs) break;
      this.acceptedAt.delete(id);
    }
    if (this.acceptedAt.has(message.id)) return;
    this.acceptedAt.set(message.id, now);
    this.log.push({
      ...message,
      headers: { ...message.headers },
      data: message.data.slice(),
      sequence: this.log.length + 1,
    });
  }
}

/** A message this consumer has delivered and not yet seen settled for good. */
interface Outstanding {
  message: StoredMessage;
  deliveries: number;
  timer?: NodeJS.Timeout;
}

interface Subscriber {
  handler: MessageHandler;
  /** Set before the handler runs, so a handler that publishes (and so dispatches) is not handed a second message. */
  busy: boolean;
  running?: Promise<void>;
}

class DurableConsumer {
  /** The next log sequence this consumer has not looked at yet. */
  private nextSequence = 1;
  private readonly outstanding = new Map<number, Outstanding>();
  /** Outstanding messages due for redelivery, oldest sequence first. */
  private readonly due: Outstanding[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  constructor(
    public spec: ConsumerSpec,
    private readonly log: StoredMessage[],
  ) {}

  attach(handler: MessageHandler): ConsumerHandle {
    const subscriber: Subscriber = { handler, busy: false };
    this.subscribers.add(subscriber);
    this.dispatch();
    return {
      // Like the JetStream handle: wait for the handler in flight, at most `timeoutMs`; an unsettled message is redelivered.
      stop: async (timeoutMs?: number) => {
        this.subscribers.delete(subscriber);
        if (timeoutMs === undefined) return void (await subscriber.running);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          subscriber.running,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
        ]);
        clearTimeout(timer);
      },
    };
  }

  /** Hands the next messages to idle subscribers; each subscriber handles one message at a time. */
  dispatch(): void {
    if (this.closed) return;
    for (const subscriber of this.subscribers) {
      if (subscriber.busy) continue;
      const next = this.next();
      if (!next) return;
      subscriber.busy = true;
      subscriber.running = this.deliver(subscriber, next).finally(() => {
        subscriber.busy = false;
        // A fresh turn of the event loop, so a long backlog does not starve timers and I/O.
        setImmediate(() => this.dispatch());
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.outstanding.values()) clearTimeout(entry.timer);
    const running = [...this.subscribers].map((subscriber) => subscriber.running);
    this.subscribers.clear();
    await Promise.all(running);
  }

  private next(): Outstanding | undefined {
    const redelivery = this.due.shift();
    if (redelivery) return redelivery;
    while (this.nextSequence <= this.log.length) {
      const message = this.log[this.nextSequence - 1];
      this.nextSequence += 1;
      if (this.spec.filterSubjects.some((filter) => subjectMatches(filter, message.subject))) {
        const entry: Outstanding = { message, deliveries: 0 };
        this.outstanding.set(message.sequence, entry);
        return entry;
      }
    }
    return undefined;
  }

  private async deliver(subscriber: Subscriber, entry: Outstanding): Promise<void> {
    entry.deliveries += 1;
    const delivery = entry.deliveries;
    const isCurrent = () =>
      this.outstanding.get(entry.message.sequence) === entry && entry.deliveries === delivery;
    let settled = false;
    entry.timer = this.schedule(this.backoff(delivery) ?? this.spec.ackWaitMs, () => {
      if (isCurrent()) this.failed(entry);
    });
    const message: DeliveredMessage = {
      subject: entry.message.subject,
      id: entry.message.id,
      headers: entry.message.headers,
      data: entry.message.data,
      deliveryCount: delivery,
      // An ack is accepted even from an older delivery, as JetStream does; nak and term only from the current one.
      ack: () => {
        settled = true;
        if (this.outstanding.get(entry.message.sequence) === entry) this.forget(entry);
      },
      nak: (delayMs = 0) => {
        settled = true;
        if (!isCurrent()) return;
        clearTimeout(entry.timer);
        entry.timer = undefined;
        if (delayMs > 0) entry.timer = this.schedule(delayMs, () => isCurrent() && this.failed(entry));
        else this.failed(entry);
      },
      term: () => {
        settled = true;
        if (isCurrent()) this.forget(entry);
      },
    };
    try {
      await subscriber.handler(message);
    } catch {
      if (!settled) message.nak(this.backoff(delivery));
    }
  }

  /** The delivery failed (nak or ack wait over): redeliver while deliveries remain, else give up like MaxDeliver. */
  private failed(entry: Outstanding): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.deliveries >= this.spec.maxDeliver) {
      this.forget(entry);
      return;
    }
    const at = this.due.findIndex((other) => other.message.sequence > entry.message.sequence);
    this.due.splice(at === -1 ? this.due.length : at, 0, entry);
    this.dispatch();
  }

  private forget(entry: Outstanding): void {
    clearTimeout(entry.timer);
    this.outstanding.delete(entry.message.sequence);
  }

  private backoff(delivery: number): number | undefined {
    const steps = this.spec.backoffMs;
    return steps?.length ? steps[Math.min(delivery, steps.length) - 1] : undefined;
  }

  private schedule(ms: number, work: () => void): NodeJS.Timeout | undefined {
    return this.closed ? undefined : setTimeout(work, ms);
  }
}
