/**
 * The little the store needs from a PostgreSQL connection. Implemented by node-postgres
 * (real servers) and PGlite (the embedded default), so one set of SQL serves both.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Inside a transaction: runs `callback` once the transaction has committed (never on rollback). */
  afterCommit?(callback: () => void): void;
  /**
   * Runs a statement the connection prepares once under `name` (one name per text), for hot paths
   * whose parse and plan would otherwise be paid on every call. Absent: use `query`.
   */
  queryPrepared?<Row = Record<string, unknown>>(
    name: string,
    text: string,
    params: unknown[],
  ): Promise<{ rows: Row[] }>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns the function that stops listening. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * NOTIFY on a channel, committed asynchronously (a wake-up is worth no WAL flush), on a path
   * that never queues behind the work it announces.
   */
  notify(channel: string): Promise<void>;
  close(): Promise<void>;
}

/** Quotes an identifier (schema, table) that comes from configuration, never from users. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`invalid SQL identifier: ${name}`);
  }
  return `"${name}"`;
}

/**
 * Runs after-commit callbacks outside the transaction: a failing callback must not make a
 * committed transaction look failed. (The only callbacks are wake-ups; a lost one costs a
 * subscriber its polling interval.)
 */
export function runAfterCommit(callbacks: Array<() => void>): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch {
      // see above
    }
  }
}
