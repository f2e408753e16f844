import type { CloudEvent } from '@fai/contracts';
import type { ConsumerHandle } from '@fai/messaging';
import type { EmbeddedRuntime } from '@fai/service-kit';
import { DemoStepTimeoutError } from './demo-errors';

export type Data = Record<string, unknown>;
export type SeenEvent = CloudEvent & { data: Data };

const POLL_MS = 25;

/**
 * Every event the services publish, as a downstream subscriber on the bus sees it: kept in
 * arrival order, handed to listeners (the progress lines) and waited on with a deadline.
 */
export class EventFeed {
  readonly events: SeenEvent[] = [];
  private readonly listeners: Array<(event: SeenEvent) => void> = [];
  private handle?: ConsumerHandle;

  static async follow(runtime: EmbeddedRuntime): Promise<EventFeed> {
    const feed = new EventFeed();
    feed.handle = await runtime.bus
      .subscriber({ stream: 'FAI_EVENTS' })
      .consume(
        { durableName: 'demo-feed', filterSubjects: ['fai.>'], maxDeliver: 1, ackWaitMs: 60_000 },
        async (message) => {
          const event = JSON.parse(Buffer.from(message.data).toString('utf8')) as SeenEvent;
          feed.events.push(event);
          for (const listener of feed.listeners) listener(event);
          message.ack();
        },
      );
    return feed;
  }

  onEvent(listener: (event: SeenEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The events of `type` (`fai.<context>.<name>.v1`) whose data matches `where`. */
  of(type: string, where: Data = {}): SeenEvent[] {
    return this.events.filter(
      (event) =>
        event.type === type && Object.entries(where).every(([key, value]) => event.data[key] === value),
    );
  }

  /** Waits for the first event of any of `types` matching `where`. */
  async waitForAny(types: string[], where: Data, timeoutMs: number): Promise<SeenEvent> {
    return until(
      `${types.join(' or ')} for ${JSON.stringify(where)}`,
      timeoutMs,
      () => types.flatMap((type) => this.of(type, where))[0],
    );
  }

  /** Waits until `count` events of `type` match `where`. */
  async waitFor(type: string, where: Data, timeoutMs: number, count = 1): Promise<SeenEvent[]> {
    return until(`${count} × ${type} for ${JSON.stringify(where)}`, timeoutMs, () => {
      const found = this.of(type, where);
      return found.length >= count ? found : undefined;
    });
  }

  async close(): Promise<void> {
    await this.handle?.stop();
  }
}

/** Polls `probe` until it returns a value; undefined means "not yet". */
export async function until<T>(
  step: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoStepTimeoutError(step, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
