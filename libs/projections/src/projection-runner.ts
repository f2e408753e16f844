import {
  ident,
  START,
  type EventStore,
  type GlobalCheckpoint,
  type RecordedEvent,
  type Subscription,
} from '@fai/event-store';
import { LeaderLoop, type Leadership, type LeaderLock } from '@fai/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from './projection';
import {
  DuplicateProjectionError,
  ProjectionCheckpointConflictError,
  ProjectionLeadLostError,
  UnknownProjectionError,
} from './projection-errors';

export interface ProjectionLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

export interface ProjectionRunnerOptions {
  /** One leader per name across the service's replicas, e.g. the service's name. */
  name: string;
  /** The schema of the event store and of `projection_checkpoints` (see PROJECTION_MIGRATIONS). */
  schema: string;
  dataSource: DataSource;
  store: Pick<EventStore, 'subscribeToAll'>;
  lock: LeaderLock;
  projections: readonly Projection[];
  /** Events per read, and so per transaction. */
  batchSize?: number;
  /** How often the log is polled without a commit notification, and the stored checkpoints compared (a reset moves them). */
  pollIntervalMs?: number;
  /** How often a standby tries to take the lead. */
  standbyRetryMs?: number;
  logger?: ProjectionLogger;
}

/** `replayed`: this call replayed the log; `left_to_leader`: a running instance leads and replays it. */
export type RebuildOutcome = 'replayed' | 'left_to_leader';

type Checkpoints = ReadonlyMap<string, GlobalCheckpoint>;

/**
 * Keeps a service's projections up to date with its event log. Only the holder of the leader lock
 * runs; it catches up from the stored checkpoints, then follows the log live. Each batch is one
 * transaction: every projection applies the events past its own checkpoint and moves that checkpoint
 * by compare-and-set, so a crash at any point replays exactly what was not committed, and a runner
 * whose checkpoint moved under it (another leader, a reset) steps down instead of writing twice.
 */
export class ProjectionRunner {
  private readonly table: string;
  private readonly projections: ReadonlyMap<string, Projection>;
  private stopping = false;
  private stopLeading?: () => void;
  private readonly leaderLoop: LeaderLoop;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.table = `${ident(options.schema)}.projection_checkpoints`;
    this.leaderLoop = new LeaderLoop(
      {
        lock: options.lock,
        standbyRetryMs: options.standbyRetryMs,
        what: `projection runner ${options.name}`,
        logger: options.logger,
      },
      (leadership) => this.lead(leadership),
    );
    const projections = new Map<string, Projection>();
    for (const projection of options.projections) {
      if (projections.has(projection.name)) throw new DuplicateProjectionError(projection.name);
      projections.set(projection.name, projection);
    }
    this.projections = projections;
  }

  get projectionNames(): string[] {
    return [...this.projections.keys()];
  }

  /** Leads or stands by until `stop`. The checkpoint table must exist (PROJECTION_MIGRATIONS). */
  async start(): Promise<void> {
    await this.ensureCheckpointRows();
    this.stopping = false;
    this.leaderLoop.start();
  }

  /** Lets the batch in flight commit, then releases the lead. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopLeading?.();
    await this.leaderLoop.stop();
  }

  /** Where each projection stands in the log. */
  async checkpoints(): Promise<Checkpoints> {
    const rows: Array<{ name: string; transaction_id: string; position: string }> =
      await this.options.dataSource.query(
        `SELECT name, transaction_id::text AS transaction_id, position::text AS position FROM ${this.table}`,
      );
    const stored = new Map(
      rows.map((row) => [
        row.name,
        { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) },
      ]),
    );
    return new Map(this.projectionNames.map((name) => [name, stored.get(name) ?? START]));
  }

  /**
   * Empties the projection's tables and puts its checkpoint back to the start, in one transaction.
   * Whichever instance leads notices the moved checkpoint within a poll interval and replays it.
   */
  async reset(name: string): Promise<void> {
    const projection = this.projections.get(name);
    if (!projection) throw new UnknownProjectionError(name, this.projectionNames);
    const { dataSource } = this.options;
    const tables = projection.entities.map((entity) => {
      const { schema, tableName } = dataSource.getMetadata(entity);
      return `${ident(schema ?? this.options.schema)}.${ident(tableName)}`;
    });
    await this.ensureCheckpointRows();
    await dataSource.transaction(async (manager) => {
      await this.takeWriterTurn(manager);
      if (tables.length > 0) await manager.query(`TRUNCATE ${tables.join(', ')}`);
      await manager.query(
        `UPDATE ${this.table} SET transaction_id = '0', position = 0, updated_at = now() WHERE name = $1`,
        [name],
      );
    });
  }

  /**
   * For an operator's command line: resets the projection, then replays the whole log into it when no
   * running instance leads; otherwise that leader replays it.
   */
  async rebuild(name: string): Promise<RebuildOutcome> {
    await this.reset(name);
    const leadership = await this.options.lock.tryAcquire();
    if (!leadership) return 'left_to_leader';
    try {
      const follower = this.follow(await this.checkpoints());
      try {
        await Promise.race([follower.caughtUp, follower.failed]);
      } finally {
        await follower.stop();
      }
      return 'replayed';
    } finally {
      await leadership.release();
    }
  }

  /** Follows the log until stopped (resolves) or until the lead is lost, a batch fails or a checkpoint moves (rejects). */
  private async lead(leadership: Leadership): Promise<void> {
    const { name, logger, pollIntervalMs = 1_000 } = this.options;
    const follower = this.follow(await this.checkpoints());
    const stopped = new Promise<void>((resolve) => {
      this.stopLeading = resolve;
      if (this.stopping) resolve();
    });
    const lost = leadership.lost.then(() => {
      throw new ProjectionLeadLostError(name);
    });
    logger?.info('projection runner is leading', { runner: name });
    // A reset moves a checkpoint back while the log may be quiet: compare between batches too.
    const verifying = setInterval(() => follower.verify(), pollIntervalMs);
    try {
      await Promise.race([stopped, lost, follower.failed]);
    } finally {
      clearInterval(verifying);
      this.stopLeading = undefined;
      await follower.stop();
    }
  }

  private follow(from: Checkpoints): Follower {
    return new Follower(from, {
      subscribe: (handler, start, onError) =>
        this.options.store.subscribeToAll(handler, {
          from: start,
          batchSize: this.options.batchSize,
          pollIntervalMs: this.options.pollIntervalMs,
          onError,
        }),
      apply: (events, next, checkpoints) => this.applyBatch(events, next, checkpoints),
      stored: () => this.checkpoints(),
    });
  }

  private async applyBatch(
    events: RecordedEvent[],
    next: GlobalCheckpoint,
    checkpoints: Checkpoints,
  ): Promise<Checkpoints> {
    return this.options.dataSource.transaction(async (manager) => {
      await this.takeWriterTurn(manager);
      const moved = new Map(checkpoints);
      for (const projection of this.projections.values()) {
        const from = checkpoints.get(projection.name) ?? START;
        if (!isAfter(next, from)) continue;
        for (const event of events) {
          if (isAfter(positionOf(event), from) && projection.handles(event.type))
            await projection.apply(event, manager);
        }
        await this.compareAndSet(manager, projection.name, from, next);
        moved.set(projection.name, next);
      }
      return moved;
    });
  }

  private async compareAndSet(
    manager: EntityManager,
    name: string,
    from: GlobalCheckpoint,
    to: GlobalCheckpoint,
  ): Promise<void> {
    const [{ moved }]: Array<{ moved: number }> = await manager.query(
      `WITH moved AS (
         UPDATE ${this.table} SET transaction_id = $2::xid8, position = $3, updated_at = now()
          WHERE name = $1 AND transaction_id = $4::xid8 AND position = $5
          RETURNING name)
       SELECT count(*)::int AS moved FROM moved`,
      [
        name,
        to.transactionId.toString(),
        to.position.toString(),
        from.transactionId.toString(),
        from.position.toString(),
      ],
    );
    if (moved !== 1) throw new ProjectionCheckpointConflictError(name);
  }

  /**
   * Batches and resets of this runner's projections take turns: a reset emptying tables a batch is
   * writing to could otherwise deadlock with it.
   */
  private async takeWriterTurn(manager: EntityManager): Promise<void> {
    // Not the leader lock's key: the leader holds that one for its whole session.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${this.options.schema}:projection-writes:${this.options.name}`,
    ]);
  }

  private async ensureCheckpointRows(): Promise<void> {
    for (const name of this.projectionNames) {
      await this.options.dataSource.query(
        `INSERT INTO ${this.table} (name, transaction_id, position) VALUES ($1, '0', 0) ON CONFLICT (name) DO NOTHING`,
        [name],
      );
    }
  }
}

interface FollowerPorts {
  subscribe(
    handler: (events: RecordedEvent[], next: GlobalCheckpoint) => Promise<void>,
    from: GlobalCheckpoint,
    onError: (error: unknown) => void,
  ): Subscription;
  apply(events: RecordedEvent[], next: GlobalCheckpoint, checkpoints: Checkpoints): Promise<Checkpoints>;
  stored(): Promise<Checkpoints>;
}

/**
 * One subscription to the log from the earliest checkpoint, keeping the projections' checkpoints in
 * memory. Batches and checks run one at a time, so a check never compares against a batch half done.
 */
class Follower {
  readonly failed: Promise<never>;
  private fail!: (error: unknown) => void;
  private checkpoints: Checkpoints;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly subscription: Subscription;

  constructor(
    from: Checkpoints,
    private readonly ports: FollowerPorts,
  ) {
    this.checkpoints = from;
    this.failed = new Promise<never>((_, reject) => (this.fail = reject));
    this.failed.catch(() => undefined);
    this.subscription = ports.subscribe(
      (events, next) =>
        this.inTurn(async () => {
          this.checkpoints = await ports.apply(events, next, this.checkpoints);
        }),
      earliest(from),
      (error) => this.fail(error),
    );
  }

  get caughtUp(): Promise<void> {
    return this.subscription.caughtUp;
  }

  /** Fails the follower when a stored checkpoint is not where this follower left it. */
  verify(): void {
    void this.inTurn(async () => {
      const stored = await this.ports.stored();
      for (const [name, checkpoint] of stored) {
        const mine = this.checkpoints.get(name) ?? START;
        if (mine.transactionId !== checkpoint.transactionId || mine.position !== checkpoint.position)
          throw new ProjectionCheckpointConflictError(name);
      }
    }).catch((error: unknown) => this.fail(error));
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
    await this.turn;
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const done = this.turn.then(work);
    this.turn = done.catch(() => undefined);
    return done;
  }
}

function positionOf(event: RecordedEvent): GlobalCheckpoint {
  return { transactionId: event.transactionId, position: event.globalPosition };
}

function isAfter(a: GlobalCheckpoint, b: GlobalCheckpoint): boolean {
  return (
    a.transactionId > b.transactionId || (a.transactionId === b.transactionId && a.position > b.position)
  );
}

function earliest(checkpoints: Checkpoints): GlobalCheckpoint {
  const all = [...checkpoints.values()];
  if (all.length === 0) return START;
  return all.reduce((min, checkpoint) => (isAfter(min, checkpoint) ? checkpoint : min));
}
