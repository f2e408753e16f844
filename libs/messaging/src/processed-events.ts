import {
  ident,
  migrate,
  PROCESSED_EVENTS_MIGRATION,
  type SqlDatabase,
  type SqlExecutor,
} from '@fai/event-store';

/**
 * The record of which events each consumer has already applied. A handler's effect and the row
 * saying "applied" commit in one transaction, so a redelivered or republished event is recognised
 * and skipped however often the bus hands it over.
 */
export class ProcessedEvents {
  private readonly table: string;

  constructor(
    private readonly db: SqlDatabase,
    private readonly schema: string,
  ) {
    this.table = `${ident(schema)}.processed_events`;
  }

  /** Creates the table if it is missing: the store's numbered migration, safe from replicas starting together. */
  async migrate(): Promise<void> {
    await migrate(this.db, this.schema, [PROCESSED_EVENTS_MIGRATION]);
  }

  /**
   * Runs `apply` and records `eventId` as applied by `consumer`, in one transaction; returns false,
   * without running `apply`, when the event was already applied.
   */
  async applyOnce(
    consumer: string,
    eventId: string,
    apply: (tx: SqlExecutor) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.claim(tx, consumer, eventId))) return false;
      await apply(tx);
      return true;
    });
  }

  /**
   * Applies a batch in one transaction, each event as `applyOnce` would: an event already applied
   * is skipped; a failing one is rolled back alone (a savepoint each) and unclaimed, the others
   * commit. One commit for the batch instead of one per event is what lets a consumer keep up.
   * Throws only when the transaction as a whole fails (nothing of the batch is then applied).
   */
  async applyEach(consumer: string, work: AppliedEvent[]): Promise<ApplyOutcome[]> {
    if (work.length === 1) {
      const [{ eventId, apply }] = work;
      return [
        await this.applyOnce(consumer, eventId, apply).then(outcomeOf, (error: unknown) => failed(error)),
      ];
    }
    return this.db.transaction(async (tx) => {
      const claimed = await this.claimAll(
        tx,
        consumer,
        work.map((item) => item.eventId),
      );
      const outcomes: ApplyOutcome[] = [];
      for (const { eventId, apply } of work) {
        // A second message with the same event id in this batch is a duplicate of the first.
        if (!claimed.delete(eventId.toLowerCase())) {
          outcomes.push({ status: 'duplicate' });
          continue;
        }
        const scope = new EventScope(tx);
        try {
          await apply(scope.executor);
          scope.commit();
          outcomes.push({ status: 'applied' });
        } catch (error) {
          await scope.rollBack();
          await tx.query(`DELETE FROM ${this.table} WHERE consumer = $1 AND event_id = $2`, [
            consumer,
            eventId,
          ]);
          outcomes.push(failed(error));
        }
      }
      return outcomes;
    });
  }

  async isProcessed(consumer: string, eventId: string): Promise<boolean> {
    return (await this.processedAmong(consumer, [eventId])).has(eventId.toLowerCase());
  }

  /** The ids among `eventIds` that `consumer` has already applied (lower case, as PostgreSQL prints uuids). */
  async processedAmong(consumer: string, eventIds: string[]): Promise<Set<string>> {
    const { rows } = await this.db.query<{ event_id: string }>(
      `SELECT event_id FROM ${this.table} WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
      [consumer, eventIds],
    );
    return new Set(rows.map((row) => row.event_id));
  }

  /**
   * Claims a batch at once; ids in a fixed order, so two batches racing for the same ids queue
   * instead of deadlocking.
   */
  private async claimAll(tx: SqlExecutor, consumer: string, eventIds: string[]): Promise<Set<string>> {
    const { rows } = await tx.query<{ event_id: string }>(
      `INSERT INTO ${this.table} (consumer, event_id)
         SELECT $1, id FROM unnest($2::uuid[]) AS id ORDER BY id
         ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventIds],
    );
    return new Set(rows.map((row) => row.event_id));
  }

  /**
   * A concurrent claim of the same id waits on the primary key until the first transaction ends,
   * so at most one of them sees true and commits.
   */
  private async claim(tx: SqlExecutor, consumer: string, eventId: string): Promise<boolean> {
    const { rows } = await tx.query(
      `INSERT INTO ${this.table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventId],
    );
    return rows.length === 1;
  }
}

/** One event of a batch for `applyEach`: its id and the effect to apply in the batch's transaction. */
export interface AppliedEvent {
  eventId: string;
  apply: (tx: SqlExecutor) => Promise<void>;
}

/** What became of one event of a batch. */
export type ApplyOutcome =
  { status: 'applied' } | { status: 'duplicate' } | { status: 'failed'; error: unknown };

function outcomeOf(applied: boolean): ApplyOutcome {
  return applied ? { status: 'applied' } : { status: 'duplicate' };
}

function failed(error: unknown): ApplyOutcome {
  return { status: 'failed', error };
}

/**
 * What one event of a batch may do to the batch's transaction, and no more: its statements run
 * after a savepoint taken at its first one (a handler that runs none costs no round trip and
 * keeps the transaction short; an open one holds every global-log reader back). Savepoints are
 * never released (the commit does it) and nest at most a batch deep; rolling back to the name
 * goes to the innermost, this event's. Wake-ups it asks for are dropped if it is rolled back.
 */
class EventScope {
  readonly executor: SqlExecutor;
  private savepoint?: Promise<unknown>;
  private readonly committed: Array<() => void> = [];

  constructor(private readonly tx: SqlExecutor) {
    // The savepoint is queued before any statement of the event, also when several run at once.
    const inScope = () => (this.savepoint ??= tx.query('SAVEPOINT fai_event'));
    const { queryPrepared } = tx;
    this.executor = {
      query: async <Row>(text: string, params?: unknown[]) => {
        await inScope();
        return tx.query<Row>(text, params);
      },
      queryPrepared: queryPrepared
        ? async <Row>(name: string, text: string, params: unknown[]) => {
            await inScope();
            return queryPrepared.call(tx, name, text, params) as Promise<{ rows: Row[] }>;
          }
        : undefined,
      afterCommit: (callback) => this.committed.push(callback),
    };
  }

  commit(): void {
    for (const callback of this.committed) this.tx.afterCommit?.(callback);
  }

  async rollBack(): Promise<void> {
    if (this.savepoint) await this.tx.query('ROLLBACK TO SAVEPOINT fai_event; RELEASE SAVEPOINT fai_event');
  }
}
