import { createHash } from 'node:crypto';
import { EVENT_STORE_MIGRATIONS } from './event-store.migrations';
import { EventIdConflictError, StreamVersionConflictError } from './errors';
import { migrate, type MigrationResult } from './migrator';
import type { SqlDatabase, SqlExecutor } from './sql';
import { ident } from './sql';
import { CatchUpSubscription } from './catch-up-subscription';
import { CommitAnnouncer } from './commit-announcer';
import type {
  AppendResult,
  BatchHandler,
  EventStore,
  ExpectedVersion,
  GlobalBatch,
  GlobalCheckpoint,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  TamperReport,
} from './types';

interface AppendRow {
  next_version: string;
  last_position: string;
}

interface EventRow {
  global_position: string | bigint;
  transaction_id: string | bigint;
  stream_id: string;
  stream_version: string | number | bigint;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: NewEvent['metadata'];
  recorded_at: Date | string;
  hash: string;
}

const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, stream_id, stream_version, event_id,
  event_type, schema_version, data, metadata, recorded_at, hash`;

export interface PostgresEventStoreOptions {
  /** The schema holding this store's tables; one per deployment (or per test). */
  schema: string;
  /** Called with the duration of every append (seconds), e.g. to feed a histogram. */
  onAppend?: (seconds: number) => void;
}

/**
 * The event store on PostgreSQL (or PGlite: same SQL). Appends go through one server-side
 * function, so a batch costs a single round trip; the global log is read in
 * (transaction id, position) order, never past the oldest transaction still running.
 */
export class PostgresEventStore implements EventStore {
  private readonly schema: string;
  private readonly q: string;
  private readonly commits: CommitAnnouncer;
  private readonly appendSql: string;
  /** Prepared once per connection, named after its text (which names the schema), within PostgreSQL's 63 characters. */
  private readonly appendStatement: string;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.schema = options.schema;
    this.q = ident(options.schema);
    this.commits = new CommitAnnouncer(() => db.notify(this.channel));
    this.appendSql = `SELECT next_version, last_position FROM ${this.q}.append_events($1, $2, $3::jsonb)`;
    this.appendStatement = `fai_append_${createHash('sha256').update(this.appendSql).digest('hex').slice(0, 32)}`;
  }

  /** The LISTEN/NOTIFY channel on which every commit of an append is announced. */
  get channel(): string {
    return `${this.schema}_events`;
  }

  migrate(): Promise<MigrationResult> {
    return migrate(this.db, this.schema, EVENT_STORE_MIGRATIONS);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion; tx?: SqlExecutor },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const started = process.hrtime.bigint();
    const payload = JSON.stringify(
      events.map(({ eventId, type, schemaVersion, data, metadata }) => ({
        eventId,
        type,
        schemaVersion,
        data,
        metadata,
      })),
    );
    const executor = options.tx ?? this.db;
    const params = [streamId, String(options.expectedVersion), payload];
    try {
      const { rows } = executor.queryPrepared
        ? await executor.queryPrepared<AppendRow>(this.appendStatement, this.appendSql, params)
        : await executor.query<AppendRow>(this.appendSql, params);
      if (options.tx?.afterCommit) options.tx.afterCommit(() => this.commits.announce());
      else if (!options.tx) this.commits.announce();
      return {
        nextExpectedVersion: Number(rows[0].next_version),
        lastGlobalPosition: BigInt(rows[0].last_position),
        alreadyStored: false,
      };
    } catch (error) {
      // A retried batch fails on the moved version or on its unique event ids. Outside a caller's
      // transaction, look: if the whole batch is stored in this stream, the retry is a no-op.
      const stored = options.tx ? undefined : await this.storedBatch(streamId, events, error);
      if (stored) return stored;
      throw this.translate(error, streamId, events, options.expectedVersion);
    } finally {
      this.options.onAppend?.(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async storedBatch(
    streamId: string,
    events: NewEvent[],
    error: unknown,
  ): Promise<AppendResult | undefined> {
    const code = (error as { code?: string }).code;
    if (code !== 'FA001' && !isUniqueViolation(error, 'events_event_id_key')) return undefined;
    const { rows } = await this.db.query<{
      stored: string;
      in_stream: string;
      version: string;
      position: string;
    }>(
      `SELECT count(*) AS stored, count(*) FILTER (WHERE stream_id = $2) AS in_stream,
              max(stream_version) AS version, max(global_position) AS position
         FROM ${this.q}.events WHERE event_id = ANY($1::uuid[])`,
      [events.map((event) => event.eventId), streamId],
    );
    const { stored, in_stream, version, position } = rows[0];
    if (Number(stored) === 0) return undefined;
    if (Number(in_stream) !== events.length) {
      throw new EventIdConflictError(
        streamId,
        events.map((event) => event.eventId),
      );
    }
    return {
      nextExpectedVersion: Number(version),
      lastGlobalPosition: BigInt(position),
      alreadyStored: true,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backward = options.direction === 'backward';
    const from = options.fromVersion ?? (backward ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await (options.tx ?? this.db).query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.q}.events
        WHERE stream_id = $1 AND stream_version ${backward ? '<=' : '>='} $2
        ORDER BY stream_version ${backward ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.maxCount ?? 2_147_483_647],
    );
    return rows.map(toRecordedEvent);
  }

  async streamVersion(streamId: string, options: { tx?: SqlExecutor } = {}): Promise<number | undefined> {
    const { rows } = await (options.tx ?? this.db).query<{ version: string | null }>(
      `SELECT max(stream_version) AS version FROM ${this.q}.events WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0].version === null ? undefined : Number(rows[0].version);
  }

  async readAll(from: GlobalCheckpoint, maxCount: number): Promise<GlobalBatch> {
    // Only transactions older than every one still running are visible: an event whose
    // transaction commits late is then read after, never skipped. ORDER BY names the table's
    // columns: bare, `transaction_id` is the text output column, which sorts every later event
    // (and '1000000' before '999999') instead of walking the index.
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.q}.events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [from.transactionId.toString(), from.position.toString(), maxCount],
    );
    const events = rows.map(toRecordedEvent);
    const last = events[events.length - 1];
    return {
      events,
      checkpoint: last ? { transactionId: last.transactionId, position: last.globalPosition } : from,
    };
  }

  /** The global position of the newest stored event (0 when empty), for lag figures. */
  async headPosition(): Promise<bigint> {
    const { rows } = await this.db.query<{ head: string | null }>(
      `SELECT max(global_position) AS head FROM ${this.q}.events`,
    );
    return BigInt(rows[0].head ?? 0);
  }

  /** Whether committed events are not readable yet because an older transaction is still open. */
  async heldBack(): Promise<boolean> {
    const { rows } = await this.db.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${this.q}.events
         WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS held`,
    );
    return rows[0].held;
  }

  subscribeToAll(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    return new CatchUpSubscription(
      {
        read: (from, max) => this.readAll(from, max),
        listen: (onNotify) => this.db.listen(this.channel, onNotify),
        heldBack: () => this.heldBack(),
      },
      handler,
      options,
    );
  }

  async verify(streamId?: string): Promise<TamperReport> {
    const filter = streamId === undefined ? '' : 'WHERE stream_id = $1';
    const params = streamId === undefined ? [] : [streamId];
    // Every event must hash to its stored hash, link to its predecessor's hash and follow it
    // without a gap.
    const { rows } = await this.db.query<{
      stream_id: string;
      stream_version: string;
      event_id: string;
      reason: string;
    }>(
      `WITH chain AS (
         SELECT stream_id, stream_version, event_id, hash, prev_hash,
           ${this.q}.event_hash(prev_hash, event_id, stream_id, stream_version, event_type, schema_version, data,
             metadata, recorded_at) AS recomputed,
           coalesce(lag(hash) OVER w, '') AS expected_prev,
           coalesce(lag(stream_version) OVER w, -1) + 1 AS expected_version
         FROM ${this.q}.events ${filter}
         WINDOW w AS (PARTITION BY stream_id ORDER BY stream_version)
       ), problems AS (
         SELECT stream_id, stream_version, event_id::text,
           CASE WHEN stream_version <> expected_version THEN 'version_gap'
                WHEN recomputed <> hash THEN 'content_changed'
                ELSE 'chain_broken' END AS reason
         FROM chain
         WHERE stream_version <> expected_version OR recomputed <> hash OR prev_hash <> expected_prev
       )
       SELECT DISTINCT ON (stream_id) stream_id, stream_version, event_id, reason
       FROM problems ORDER BY stream_id, stream_version`,
      params,
    );
    const counts = await this.db.query<{ streams: string; events: string }>(
      `SELECT count(DISTINCT stream_id) AS streams, count(*) AS events FROM ${this.q}.events ${filter}`,
      params,
    );
    return {
      ok: rows.length === 0,
      streamsChecked: Number(counts.rows[0].streams),
      eventsChecked: Number(counts.rows[0].events),
      firstTampered: rows.map((row) => ({
        streamId: row.stream_id,
        streamVersion: Number(row.stream_version),
        eventId: row.event_id,
        reason: row.reason,
      })),
    };
  }

  private translate(
    error: unknown,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): unknown {
    const code = (error as { code?: string }).code;
    if (code === 'FA001' || isUniqueViolation(error, 'events_stream_version_key')) {
      // FA001 names the actual version; a unique violation (caller's own isolation) does not.
      const detail = code === 'FA001' ? (error as { detail?: string }).detail : undefined;
      return new StreamVersionConflictError(
        streamId,
        expected,
        detail && detail !== 'none' ? Number(detail) : undefined,
      );
    }
    if (isUniqueViolation(error, 'events_event_id_key')) {
      return new EventIdConflictError(
        streamId,
        events.map((event) => event.eventId),
      );
    }
    return error;
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return e.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: BigInt(row.global_position),
    transactionId: BigInt(row.transaction_id),
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
    hash: row.hash,
  };
}
