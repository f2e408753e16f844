import { Injectable } from '@nestjs/common';

/** What the platform needs of an event consumer (e.g. `@fai/messaging`'s DurableEventConsumer). */
export interface PlatformConsumer {
  start(): Promise<void>;
  /** Stops fetching and waits up to `timeoutMs` for messages in flight; the rest is redelivered. */
  drain(timeoutMs?: number): Promise<void>;
}

/**
 * The service's event consumers. Register them while the application initialises (`onModuleInit`):
 * start-up starts them once the event store is migrated and the streams exist, and shutdown drains
 * them before the relay, NATS and the pool go.
 */
@Injectable()
export class ConsumerRegistry {
  private readonly registered: PlatformConsumer[] = [];
  private readonly started = new Set<PlatformConsumer>();

  register(consumer: PlatformConsumer): void {
    this.registered.push(consumer);
  }

  /** Starts every consumer not started yet; after a failure, a later call carries on from there. */
  async startAll(): Promise<void> {
    for (const consumer of this.registered) {
      if (this.started.has(consumer)) continue;
      await consumer.start();
      this.started.add(consumer);
    }
  }

  async drainAll(timeoutMs: number): Promise<void> {
    await Promise.all([...this.started].map((consumer) => consumer.drain(timeoutMs)));
    this.started.clear();
  }
}
