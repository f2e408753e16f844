import { FaiError } from '@fai/contracts';
import {
  headers as natsHeaders,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type NatsError,
  type PubAck,
  type StreamConfig,
  type StreamInfo,
} from 'nats';
import { BusPublishError, type BusMessage, type BusPublisher } from './event-bus';

/**
 * PostgreSQL is the system of record and NATS 2.9 fsyncs only every two minutes: the relay may
 * re-publish what an OS crash lost, and the duplicate window must cover at least that long.
 */
export const MIN_DUPLICATE_WINDOW_MS = 2 * 60_000;

export interface EventStreamSpec {
  name: string;
  /** Defaults to every event subject (`fai.>`). */
  subjects?: string[];
  /** Defaults to (and must be at least) two minutes. */
  duplicateWindowMs?: number;
}

export class EventStreamConfigError extends FaiError {
  constructor(stream: string, problem: string, hint: string) {
    super({
      code: 'EVENT_STREAM_CONFIG_INVALID',
      message: `stream ${stream}: ${problem}`,
      hint,
      details: { stream },
    });
  }
}

// JetStream API error codes (server 2.9).
const STREAM_NAME_IN_USE = 10058;

/**
 * Creates the event stream, or brings an existing one to the wanted subjects and duplicate window.
 * Safe to call from every service at start-up, concurrently.
 */
export async function ensureEventStream(jsm: JetStreamManager, spec: EventStreamSpec): Promise<StreamInfo> {
  const wanted = eventStreamConfig(spec);
  try {
    // Adding a stream with exactly the existing configuration is a no-op on the server.
    return await jsm.streams.add(wanted);
  } catch (error) {
    if ((error as NatsError).api_error?.err_code !== STREAM_NAME_IN_USE) throw error;
  }
  const existing = await jsm.streams.info(spec.name);
  if (existing.config.storage !== StorageType.File || existing.config.retention !== RetentionPolicy.Limits) {
    throw new EventStreamConfigError(
      spec.name,
      `exists with ${existing.config.storage} storage and ${existing.config.retention} retention`,
      'Events need file storage and limits retention; JetStream cannot change either in place: recreate the stream and re-publish from the event store.',
    );
  }
  if (
    sameSubjects(existing.config.subjects, wanted.subjects) &&
    existing.config.duplicate_window === wanted.duplicate_window
  ) {
    return existing;
  }
  return jsm.streams.update(spec.name, {
    ...existing.config,
    subjects: wanted.subjects,
    duplicate_window: wanted.duplicate_window,
  });
}

function eventStreamConfig(
  spec: EventStreamSpec,
): Partial<StreamConfig> & Pick<StreamConfig, 'subjects' | 'duplicate_window'> {
  const duplicateWindowMs = spec.duplicateWindowMs ?? MIN_DUPLICATE_WINDOW_MS;
  if (duplicateWindowMs < MIN_DUPLICATE_WINDOW_MS) {
    throw new EventStreamConfigError(
      spec.name,
      `duplicate window ${duplicateWindowMs} ms is shorter than ${MIN_DUPLICATE_WINDOW_MS} ms`,
      'Use at least two minutes so a relay re-publishing after a NATS crash is deduplicated.',
    );
  }
  return {
    name: spec.name,
    subjects: spec.subjects ?? ['fai.>'],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(duplicateWindowMs),
  };
}

function sameSubjects(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

export interface JetStreamPublisherOptions {
  /** Publishes sent before the oldest PubAck must arrive; bounds memory and the work a failure repeats. */
  maxInFlight?: number;
  /** How long to wait for each PubAck. */
  ackTimeoutMs?: number;
}

/**
 * The publish side of the bus on JetStream. Messages go out in order over one connection (so the
 * stream stores them in order) with up to `maxInFlight` unacknowledged; PubAcks are awaited in
 * order and `publish` resolves only when all have arrived. `Nats-Msg-Id` is the message id.
 */
export class JetStreamPublisher implements BusPublisher {
  private readonly maxInFlight: number;
  private readonly ackTimeoutMs: number;

  constructor(
    private readonly js: JetStreamClient,
    options: JetStreamPublisherOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 256;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  }

  async publish(messages: BusMessage[]): Promise<void> {
    const window: Array<{ message: BusMessage; ack: Promise<PubAck> }> = [];
    let failure: BusPublishError | undefined;
    const settleOldest = async () => {
      const { message, ack } = window.shift()!;
      await ack.catch((error: unknown) => {
        failure ??= new BusPublishError(message, (error as Error).message, error);
      });
    };
    for (const message of messages) {
      if (failure) break;
      // A full window drains to half before the next publishes: they then leave in one write, where
      // refilling a slot per PubAck sent each message in a socket write of its own.
      if (window.length >= this.maxInFlight) {
        while (window.length > this.maxInFlight / 2) await settleOldest();
        if (failure) break;
      }
      const ack = this.js.publish(message.subject, message.data, {
        msgID: message.id,
        headers: toNatsHeaders(message.headers),
        timeout: this.ackTimeoutMs,
      });
      // Observed (and reported) in order by settleOldest; this keeps a later rejection from going unhandled meanwhile.
      ack.catch(() => undefined);
      window.push({ message, ack });
    }
    while (window.length > 0) await settleOldest();
    if (failure) throw failure;
  }
}

function toNatsHeaders(values: Record<string, string>) {
  const result = natsHeaders();
  for (const [key, value] of Object.entries(values)) result.set(key, value);
  return result;
}
