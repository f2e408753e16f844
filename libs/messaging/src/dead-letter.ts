import { DEAD_LETTER_SUBJECT_PREFIX, type ErrorBody } from '@fai/contracts';
import { DiscardPolicy, nanos, RetentionPolicy, StorageType } from 'nats';
import type { JetStreamManager, StoredMsg, StreamConfig } from 'nats';
import type { BusMessage } from './event-bus';

/** The one dead-letter stream of a deployment; tests use their own names and subjects. */
export const DEAD_LETTER_STREAM = 'FAI_DLQ';

/** Where a dead letter came from and why it was given up on. */
export interface DeadLetterRecord {
  /** Durable consumer name that gave up. */
  consumer: string;
  /** Subject the event was published on. */
  subject: string;
  eventId: string;
  /** Stream and sequence of the original message, when it came from JetStream. */
  stream?: string;
  streamSequence?: number;
  /** Deliveries made, the failing one included. */
  deliveryCount: number;
  error: ErrorBody;
  /** ISO-8601 time the consumer gave up. */
  deadLetteredAt: string;
}

/** A dead letter as read back from the dead-letter stream, with the original payload. */
export interface StoredDeadLetter extends DeadLetterRecord {
  /** Sequence in the dead-letter stream: the handle an operator pages and refers with. */
  sequence: number;
  /** The original message's headers (CloudEvent attributes, trace context), NATS' own removed. */
  headers: Record<string, string>;
  data: Uint8Array;
}

export const DEAD_LETTER_HEADERS = {
  consumer: 'Fai-Dlq-Consumer',
  subject: 'Fai-Dlq-Subject',
  eventId: 'Fai-Dlq-Event-Id',
  stream: 'Fai-Dlq-Stream',
  streamSequence: 'Fai-Dlq-Stream-Sequence',
  deliveryCount: 'Fai-Dlq-Delivery-Count',
  errorCode: 'Fai-Dlq-Error-Code',
  errorMessage: 'Fai-Dlq-Error-Message',
  errorHint: 'Fai-Dlq-Error-Hint',
  deadLetteredAt: 'Fai-Dlq-At',
} as const;

/** `fai-dlq.<consumer>.<original subject>`: operators can list one consumer's letters by subject. */
export function deadLetterSubject(consumer: string, originalSubject: string): string {
  return `${DEAD_LETTER_SUBJECT_PREFIX}.${consumer}.${originalSubject}`;
}

/** The bus message that carries `record` and the original payload to the dead-letter stream. */
export function deadLetterMessage(
  record: DeadLetterRecord,
  original: { headers: Readonly<Record<string, string>>; data: Uint8Array },
): BusMessage {
  const H = DEAD_LETTER_HEADERS;
  const headers: Record<string, string> = { ...withoutNatsHeaders(original.headers) };
  const put = (name: string, value: string | number | undefined) => {
    if (value !== undefined) headers[name] = headerValue(String(value));
  };
  put(H.consumer, record.consumer);
  put(H.subject, record.subject);
  put(H.eventId, record.eventId);
  put(H.stream, record.stream);
  put(H.streamSequence, record.streamSequence);
  put(H.deliveryCount, record.deliveryCount);
  put(H.errorCode, record.error.code);
  put(H.errorMessage, record.error.message);
  put(H.errorHint, record.error.hint);
  put(H.deadLetteredAt, record.deadLetteredAt);
  return {
    subject: deadLetterSubject(record.consumer, record.subject),
    // One letter per consumer and event, even if giving up is retried inside the duplicate window.
    id: `dlq:${record.consumer}:${record.eventId}`,
    headers,
    data: original.data,
  };
}

/** Reads a dead letter's record back from its headers. */
export function parseDeadLetter(
  sequence: number,
  headers: Record<string, string>,
  data: Uint8Array,
): StoredDeadLetter {
  const H = DEAD_LETTER_HEADERS;
  const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const original = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.startsWith('Fai-Dlq-')),
  );
  return {
    sequence,
    consumer: headers[H.consumer] ?? '',
    subject: headers[H.subject] ?? '',
    eventId: headers[H.eventId] ?? '',
    stream: headers[H.stream],
    streamSequence: optionalNumber(headers[H.streamSequence]),
    deliveryCount: Number(headers[H.deliveryCount] ?? 0),
    error: {
      code: headers[H.errorCode] ?? '',
      message: headers[H.errorMessage] ?? '',
      hint: headers[H.errorHint],
    },
    deadLetteredAt: headers[H.deadLetteredAt] ?? '',
    headers: withoutNatsHeaders(original),
    data,
  };
}

export interface DeadLetterStreamOptions {
  /** Defaults to every dead letter (`fai-dlq.>`); a test narrows it to its own consumer. */
  subjects?: string[];
  /** How long letters are kept; default 30 days. */
  maxAgeMs?: number;
  /** Size cap, oldest letters dropped first; default 1 GiB. */
  maxBytes?: number;
}

/** Creates the dead-letter stream, or brings an existing one to this configuration. */
export async function ensureDeadLetterStream(
  jsm: JetStreamManager,
  name: string = DEAD_LETTER_STREAM,
  options: DeadLetterStreamOptions = {},
): Promise<void> {
  const maxAgeMs = options.maxAgeMs ?? 30 * 24 * 3600 * 1000;
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: options.subjects ?? [`${DEAD_LETTER_SUBJECT_PREFIX}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(maxAgeMs),
    max_bytes: options.maxBytes ?? 1024 ** 3,
    // The server refuses a duplicate window longer than the retention.
    duplicate_window: nanos(Math.min(2 * 60 * 1000, maxAgeMs)),
    // Direct get lets the reader page by subject without creating consumers.
    allow_direct: true,
  };
  try {
    await jsm.streams.add(config);
  } catch (error) {
    if (apiErrorCode(error) !== STREAM_NAME_IN_USE) throw error;
    await jsm.streams.update(name, config);
  }
}

export interface DeadLetterPage {
  letters: StoredDeadLetter[];
  /** Pass as `fromSequence` to read the next page; absent when this page reached the end. */
  nextSequence?: number;
}

/** Lists dead letters for operators (and the gateway), oldest first, optionally for one consumer. */
export class DeadLetterReader {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly stream: string = DEAD_LETTER_STREAM,
  ) {}

  async list(
    query: { consumer?: string; fromSequence?: number; limit?: number } = {},
  ): Promise<DeadLetterPage> {
    const subject = query.consumer
      ? `${DEAD_LETTER_SUBJECT_PREFIX}.${query.consumer}.>`
      : `${DEAD_LETTER_SUBJECT_PREFIX}.>`;
    const limit = query.limit ?? 100;
    const letters: StoredDeadLetter[] = [];
    let seq = query.fromSequence ?? 1;
    while (letters.length < limit) {
      const message = await this.nextMessage(seq, subject);
      if (!message) return { letters };
      letters.push(parseDeadLetter(message.seq, headerRecord(message), message.data));
      seq = message.seq + 1;
    }
    return { letters, nextSequence: seq };
  }

  private async nextMessage(seq: number, subject: string): Promise<StoredMsg | undefined> {
    try {
      return await (this.jsm as JetStreamManager & DirectGet).direct.getMessage(this.stream, {
        seq,
        next_by_subj: subject,
      });
    } catch (error) {
      if (String((error as { code?: unknown }).code) === '404') return undefined;
      throw error;
    }
  }
}

/** nats.js implements direct get on every JetStreamManager but leaves it out of the published interface. */
interface DirectGet {
  direct: { getMessage(stream: string, query: { seq: number; next_by_subj: string }): Promise<StoredMsg> };
}

const STREAM_NAME_IN_USE = 10058;

function apiErrorCode(error: unknown): number | undefined {
  return (error as { api_error?: { err_code?: number } }).api_error?.err_code;
}

function headerRecord(message: StoredMsg): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of message.header?.keys() ?? []) record[name] = message.header.get(name);
  return record;
}

/** NATS' own headers (Nats-Msg-Id, direct-get metadata) belong to the hop, not to the letter. */
function withoutNatsHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith('nats-')),
  );
}

/** Header values are single-line; a long error message is cut rather than rejected by the server. */
function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').slice(0, 2048);
}
