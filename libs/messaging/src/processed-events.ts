import { ident, type SqlDatabase, type SqlExecutor } from '@fai/event-store';

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

  /**
   * Creates the table if it is missing. Replicas starting together serialise on one advisory
   * transaction lock: concurrent `CREATE TABLE IF NOT EXISTS` can otherwise fail on the catalog.
   */
  async migrate(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fai-processed-events:${this.schema}`]);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${ident(this.schema)}`);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           consumer text NOT NULL,
           event_id uuid NOT NULL,
           processed_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (consumer, event_id))`,
      );
    });
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

  async isProcessed(consumer: string, eventId: string): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT 1 FROM ${this.table} WHERE consumer = $1 AND event_id = $2`, [
      consumer,
      eventId,
    ]);
    return rows.length > 0;
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
