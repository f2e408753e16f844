import type { NatsConnection } from 'nats';
import type { BusPublisher, BusSubscriber } from './event-bus';
import type { InProcessBus } from './in-process-bus';
import { JetStreamSubscriber, type JetStreamSubscriberOptions } from './jetstream-consumer';
import { JetStreamPublisher } from './jetstream-streams';

/**
 * A service's way onto the bus: where its durable consumers subscribe and its relay and dead
 * letters publish. JetStream in deployments; the in-process bus in the embedded default, where
 * every service of the process shares one.
 */
export interface MessageBus {
  /** Subscription settings beyond the consumer's own spec; the in-process bus needs none of them. */
  subscriber(options: JetStreamSubscriberOptions): BusSubscriber;
  readonly publisher: BusPublisher;
  /** Removes a durable consumer and its position for good (a retired generation); absent ones are fine. */
  deleteDurable(stream: string, durable: string): Promise<void>;
}

export function jetStreamMessageBus(nc: NatsConnection): MessageBus {
  return {
    subscriber: (options) => new JetStreamSubscriber(nc, options),
    publisher: new JetStreamPublisher(nc.jetstream()),
    deleteDurable: async (stream, durable) => {
      const jsm = await nc.jetstreamManager();
      await jsm.consumers.delete(stream, durable).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    },
  };
}

export function inProcessMessageBus(bus: InProcessBus): MessageBus {
  return {
    subscriber: () => bus,
    publisher: bus,
    deleteDurable: (_stream, durable) => bus.deleteConsumer(durable),
  };
}

// JetStream answers 404 / 10014 for a consumer that does not exist.
function isNotFound(error: unknown): boolean {
  const api = (error as { api_error?: { code?: number; err_code?: number } }).api_error;
  return api?.code === 404 || api?.err_code === 10014;
}
