import type { CloudEvent } from '@fai/contracts';
import type { ConsumerMessages, NatsConnection } from 'nats';
import { eventually } from './eventually';

/** How often the whole-system tests poll: each check crosses processes and the real servers. */
export const POLL_MS = 200;

type Data = Record<string, unknown>;
export type SeenEvent = CloudEvent & { data: Data };

/**
 * Every event of the stream a subscriber sees (an ordered JetStream consumer from the first message,
 * optionally filtered), kept in arrival order so a test can wait for what it expects with a deadline.
 */
export class EventLog {
  readonly events: SeenEvent[] = [];
  private constructor(private readonly messages: ConsumerMessages) {}

  /** `filterSubject`: one subject (a string: NATS 2.9 has no multi-subject filters, an array hangs). */
  static async follow(nc: NatsConnection, stream: string, filterSubject?: string): Promise<EventLog> {
    const consumer = await nc
      .jetstream()
      .consumers.get(stream, filterSubject ? { filterSubjects: filterSubject } : {});
    const log = new EventLog(await consumer.consume());
    void (async () => {
      for await (const message of log.messages) log.events.push(message.json<SeenEvent>());
    })();
    return log;
  }

  /** The events of `type` (the subject, `fai.<context>.<name>.v1`) whose data matches `where`. */
  of(type: string, where: Data = {}): SeenEvent[] {
    return this.events.filter(
      (event) =>
        event.type === type && Object.entries(where).every(([key, value]) => event.data[key] === value),
    );
  }

  /** Waits until at least `count` events of `type` match `where`; returns them. */
  async waitFor(type: string, where: Data, timeoutMs: number, count = 1): Promise<SeenEvent[]> {
    return eventually(
      `${count} × ${type} ${JSON.stringify(where)}`,
      async () => {
        const found = this.of(type, where);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      POLL_MS,
    );
  }

  /** Waits for the first event of any of `types` matching `where` (e.g. a stage outcome: done or failed). */
  async waitForAny(types: string[], where: Data, timeoutMs: number): Promise<SeenEvent> {
    return eventually(
      `one of ${types.join(', ')} ${JSON.stringify(where)}`,
      async () => types.flatMap((type) => this.of(type, where))[0],
      timeoutMs,
      POLL_MS,
    );
  }

  async close(): Promise<void> {
    await this.messages.close();
  }
}
