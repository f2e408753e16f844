import type { SqlExecutor } from './sql';

/** `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check; a number: exact version. */
export type ExpectedVersion = 'no_stream' | 'stream_exists' | 'any' | number;

/** Context every stored event carries; mirrored in the CloudEvents extensions on the bus. */
export interface EventMetadata {
  correlationId: string;
  causationId?: string;
  actor?: string;
  tenantId?: string;
  portfolioId?: string;
  cycleId?: string;
  runId?: string;
  fundId?: string;
  traceparent?: string;
  tracestate?: string;
  [key: string]: unknown;
}

export interface NewEvent<TData = unknown> {
  /** A UUID; deterministic ids make a retried command an idempotent no-op. */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TData = unknown> extends NewEvent<TData> {
  streamId: string;
  /** 0 for a stream's first event. */
  streamVersion: number;
  globalPosition: bigint;
  transactionId: bigint;
  recordedAt: Date;
  hash: string;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as `expectedVersion` next time. */
  nextExpectedVersion: number;
  lastGlobalPosition: bigint;
  /** True when every event id was already stored: nothing was written. */
  alreadyStored: boolean;
}

/**
 * A position in the global log. Ordering is by (transactionId, position) so a reader never
 * passes an event whose transaction was still open when a later position became visible.
 */
export interface GlobalCheckpoint {
  transactionId: bigint;
  position: bigint;
}

export const START: GlobalCheckpoint = { transactionId: 0n, position: 0n };

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** Inclusive; defaults to the first (forward) or last (backward) event. */
  fromVersion?: number;
  maxCount?: number;
  /**
   * Read inside this transaction (it sees its own appends). Needed by a handler that reads and
   * appends in one transaction: on the embedded PGlite (one session) a read outside it would wait
   * for that very transaction to end.
   */
  tx?: SqlExecutor;
}

export interface GlobalBatch {
  events: RecordedEvent[];
  /** Where the next read starts; unchanged when the batch is empty. */
  checkpoint: GlobalCheckpoint;
}

export interface TamperReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first event whose content or link does not match its hash, per damaged stream. */
  firstTampered: Array<{ streamId: string; streamVersion: number; eventId: string; reason: string }>;
}

export interface Subscription {
  /** Resolves once the subscriber has caught up with the log and switched to live. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  from?: GlobalCheckpoint;
  batchSize?: number;
  /** Polling fallback when no notification arrives (ms). */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export type BatchHandler = (events: RecordedEvent[], checkpoint: GlobalCheckpoint) => Promise<void>;

export interface EventStore {
  append(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion; tx?: SqlExecutor },
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current version, or undefined when it has no events. */
  streamVersion(streamId: string, options?: { tx?: SqlExecutor }): Promise<number | undefined>;
  readAll(from: GlobalCheckpoint, maxCount: number): Promise<GlobalBatch>;
  subscribeToAll(handler: BatchHandler, options?: SubscribeOptions): Subscription;
  verify(streamId?: string): Promise<TamperReport>;
}
