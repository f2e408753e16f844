import { FaiError } from '@fai/contracts';
import {
  ident,
  migrate,
  RELAY_CHECKPOINTS_MIGRATION,
  START,
  type EventStore,
  type GlobalCheckpoint,
  type RecordedEvent,
  type SqlDatabase,
} from '@fai/event-store';
import type { ServiceMetrics } from '@fai/observability';
import type { Logger } from 'winston';
import { toBusMessage, toCloudEvent, type EventTypeResolver } from './cloud-event-mapping';
import type { BusMessage, BusPublisher } from './event-bus';
import { LeaderLoop, type LeaderLock, type Leadership } from './relay-leader-lock';

/** What the relay reads; `headPosition` (the newest stored position) feeds the lag gauge when present. */
export type RelayEventSource = Pick<EventStore, 'readAll' | 'subscribeToAll'> & {
  headPosition?(): Promise<bigint>;
};

export interface EventRelayOptions {
  /** One checkpoint and one leader per name. */
  name: string;
  /** Schema of the `relay_checkpoints` table: the event store's own, so the checkpoint lives beside the log. */
  schema: string;
  db: SqlDatabase;
  store: RelayEventSource;
  bus: BusPublisher;
  lock: LeaderLock;
  resolveType: EventTypeResolver;
  /** CloudEvents `source` of every published event, e.g. `fai/ingest`. */
  source: string;
  /** Events per read, and so per publish window. */
  batchSize?: number;
  /** Polling fallback when no commit notification arrives. */
  pollIntervalMs?: number;
  /** How often a standby tries to take the lead. */
  standbyRetryMs?: number;
  /** How often the lag gauge is refreshed while leading (a query of its own, off the publish path); default 1 s. */
  lagIntervalMs?: number;
  metrics?: Pick<ServiceMetrics, 'relayLag'>;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** Another relay moved the checkpoint: this one is no longer the leader (or never really was). */
export class RelayCheckpointConflictError extends FaiError {
  constructor(relay: string) {
    super({
      code: 'RELAY_CHECKPOINT_CONFLICT',
      message: `the checkpoint of relay ${relay} was moved by another instance`,
      hint: 'Nothing to do: this instance steps down and the leader carries on. If it repeats, check that every instance of this relay uses the same lock.',
      details: { relay },
    });
  }
}

/**
 * Publishes committed events from the store's global log to the bus, in log order, with the
 * event id as deduplication id. Only the holder of the leader lock runs. For each batch it
 * publishes, awaits every PubAck, and only then moves its checkpoint by compare-and-set, so a
 * crash anywhere re-publishes from the last checkpoint and the bus drops what it already has.
 */
export class EventRelay {
  private readonly table: string;
  private readonly batchSize: number;
  private stopping = false;
  private stopLeading?: () => void;
  private readonly leaderLoop: LeaderLoop;

  constructor(private readonly options: EventRelayOptions) {
    this.table = `${ident(options.schema)}.relay_checkpoints`;
    this.batchSize = options.batchSize ?? 500;
    this.leaderLoop = new LeaderLoop(
      {
        lock: options.lock,
        standbyRetryMs: options.standbyRetryMs,
        what: `relay ${options.name}`,
        logger: options.logger,
      },
      (leadership) => this.lead(leadership),
    );
  }

  /** Creates the checkpoint table and row if missing, then leads or stands by until `stop`. */
  async start(): Promise<void> {
    await this.ensureCheckpoint();
    this.stopping = false;
    this.leaderLoop.start();
  }

  /** Lets the batch in flight finish (publish, acks, checkpoint), then releases the lead. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopLeading?.();
    await this.leaderLoop.stop();
  }

  async checkpoint(): Promise<GlobalCheckpoint> {
    const { rows } = await this.options.db.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text AS transaction_id, position::text AS position FROM ${this.table} WHERE name = $1`,
      [this.options.name],
    );
    return rows.length
      ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) }
      : START;
  }

  /**
   * Publishes again every already relayed event whose global position is in [fromPosition, toPosition],
   * in log order, e.g. after an OS crash cost JetStream its unsynced tail. Inside the duplicate
   * window the bus drops them; outside it they are delivered again and consumers skip them by event
   * id. Scans the log up to the checkpoint: positions are not in log order when transactions commit
   * out of order. Returns how many events were published.
   */
  async republish(fromPosition: bigint, toPosition: bigint): Promise<number> {
    const until = await this.checkpoint();
    let from = START;
    let published = 0;
    for (;;) {
      const { events, checkpoint } = await this.options.store.readAll(from, this.batchSize);
      const relayed = events.filter((event) => !isAfter(event, until));
      const inRange = relayed.filter(
        (e) => e.globalPosition >= fromPosition && e.globalPosition <= toPosition,
      );
      if (inRange.length > 0) await this.options.bus.publish(inRange.map((event) => this.toMessage(event)));
      published += inRange.length;
      if (relayed.length < this.batchSize) return published;
      from = checkpoint;
    }
  }

  /**
   * Relays until stopped or the lead is lost; returns once the batch in flight is done. One batch is
   * on the bus while the next is read and mapped: the read no longer waits for the PubAcks. A batch
   * that fails ends the lead (the subscription has already read past it), and the next lead resumes
   * from the stored checkpoint.
   */
  private async lead(leadership: Leadership): Promise<void> {
    const { name, logger } = this.options;
    let checkpoint = await this.checkpoint();
    let active = true;
    let failure: unknown;
    let onTheBus = Promise.resolve();
    const done = new Promise<void>((resolve) => {
      this.stopLeading = resolve;
      if (this.stopping) resolve();
      void leadership.lost.then(() => {
        if (active) logger?.warn('relay lost its leader lock', { relay: name });
        resolve();
      });
    });
    logger?.info('relay is leading', { relay: name, position: checkpoint.position.toString() });
    await this.reportLag(checkpoint);
    const lagTimer = setInterval(() => void this.reportLag(checkpoint), this.options.lagIntervalMs ?? 1_000);
    lagTimer.unref();
    const relay = async (messages: BusMessage[], from: GlobalCheckpoint, to: GlobalCheckpoint) => {
      await this.options.bus.publish(messages);
      await this.advance(from, to);
      checkpoint = to;
    };
    let read = checkpoint;
    const subscription = this.options.store.subscribeToAll(
      async (events, next) => {
        // Stopping, lost the lead or a batch failed: leave the rest to the next lead.
        if (!active) return;
        const messages = events.map((event) => this.toMessage(event));
        await onTheBus;
        if (!active) return;
        const from = read;
        read = next;
        onTheBus = relay(messages, from, next).catch((error: unknown) => {
          failure = error;
          active = false;
          this.stopLeading?.();
        });
      },
      {
        from: checkpoint,
        batchSize: this.batchSize,
        pollIntervalMs: this.options.pollIntervalMs,
        // The subscription retries the same read from the same position after an error.
        onError: (error) => logger?.error('relay read failed, retrying', { relay: name, error }),
      },
    );
    await done;
    active = false;
    clearInterval(lagTimer);
    await subscription.stop();
    await onTheBus;
    this.stopLeading = undefined;
    if (failure !== undefined) throw failure;
  }

  private toMessage(event: RecordedEvent): BusMessage {
    const cloudEvent = toCloudEvent(event, this.options.resolveType, this.options.source);
    return toBusMessage(cloudEvent, event.type, event.schemaVersion);
  }

  /**
   * Compare-and-set of the checkpoint, committed without waiting for the WAL flush: a checkpoint
   * lost in a database crash only means re-publishing what JetStream's duplicate window (and the
   * consumers' processed events) absorb, and the flush wait was a good part of every batch.
   */
  private async advance(from: GlobalCheckpoint, to: GlobalCheckpoint): Promise<void> {
    const { rows } = await this.options.db.query(
      `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
       UPDATE ${this.table} SET transaction_id = $2::xid8, position = $3, updated_at = now()
         FROM relaxed
        WHERE name = $1 AND transaction_id = $4::xid8 AND position = $5
        RETURNING name`,
      [
        this.options.name,
        to.transactionId.toString(),
        to.position.toString(),
        from.transactionId.toString(),
        from.position.toString(),
      ],
    );
    if (rows.length !== 1) throw new RelayCheckpointConflictError(this.options.name);
  }

  private async ensureCheckpoint(): Promise<void> {
    await migrate(this.options.db, this.options.schema, [RELAY_CHECKPOINTS_MIGRATION]);
    await this.options.db.query(
      `INSERT INTO ${this.table} (name, transaction_id, position) VALUES ($1, '0', 0) ON CONFLICT (name) DO NOTHING`,
      [this.options.name],
    );
  }

  /** Events stored after the checkpoint, by position (approximate: rolled-back appends leave gaps). */
  private async reportLag(checkpoint: GlobalCheckpoint): Promise<void> {
    const { metrics, store, name } = this.options;
    if (!metrics || !store.headPosition) return;
    const head = await store.headPosition().catch(() => undefined);
    if (head === undefined) return;
    const lag = head > checkpoint.position ? head - checkpoint.position : 0n;
    metrics.relayLag.set({ relay: name }, Number(lag));
  }
}

function isAfter(event: RecordedEvent, checkpoint: GlobalCheckpoint): boolean {
  return (
    event.transactionId > checkpoint.transactionId ||
    (event.transactionId === checkpoint.transactionId && event.globalPosition > checkpoint.position)
  );
}
