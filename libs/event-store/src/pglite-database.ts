import { Mutex, PGlite } from '@electric-sql/pglite';
import { runAfterCommit, type SqlDatabase, type SqlExecutor } from './sql';

interface PgliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(text: string): Promise<Array<{ rows: unknown[] }>>;
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly, in process) behind the store's `SqlDatabase`:
 * the embedded default for the one-command demo. The SQL is the same as on a real server.
 *
 * PGlite is ONE PostgreSQL session, shared by every user in the process (the event store, TypeORM
 * read models, listeners). Invariant: at most one user holds the session at a time, so nobody's
 * statement ever lands inside somebody else's transaction. Every method here, and every client of
 * `session`, goes through the one FIFO gate; PGlite's own mutexes are only ever taken inside it,
 * by its single holder, so they never wait on each other across users.
 */
export class PgliteDatabase implements SqlDatabase {
  private readonly gate = new Mutex();

  private constructor(private readonly pglite: PGlite) {}

  /** `dataDir` undefined keeps everything in memory; a path persists it on disk. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const pglite = new PGlite(dataDir);
    await pglite.waitReady;
    return new PgliteDatabase(pglite);
  }

  /**
   * Holds the session for the whole of `work`, which may use the PGlite instance freely meanwhile
   * (e.g. run BEGIN … COMMIT itself, or speak the wire protocol): everybody else waits. `work` must
   * not wait for another user of this database, who would wait for `work`.
   */
  session<T>(work: (pglite: PGlite) => Promise<T>): Promise<T> {
    return this.gate.runExclusive(() => work(this.pglite));
  }

  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    return this.session((pglite) => run<Row>(pglite as unknown as PgliteLike, text, params));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const committed: Array<() => void> = [];
    const result = await this.session((pglite) =>
      pglite.transaction((tx) =>
        work({
          query: (text, params) => run(tx as unknown as PgliteLike, text, params),
          afterCommit: (callback) => committed.push(callback),
        }),
      ),
    );
    runAfterCommit(committed);
    return result;
  }

  /**
   * PostgreSQL delivers a NOTIFY sent inside a transaction once that transaction commits; so does PGlite.
   * The channel is quoted, as PgDatabase and `notify` quote it, so any channel name works on both.
   */
  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const quoted = `"${channel}"`;
    await this.session((pglite) => pglite.listen(quoted, onNotify));
    // Not the function listen returns: it drops the quotes (PGlite 0.5), failing on a channel such as `a.b`.
    return () => this.session((pglite) => pglite.unlisten(quoted, onNotify));
  }

  async notify(channel: string): Promise<void> {
    await this.query(`NOTIFY "${channel}"`);
  }

  /** Waits for the session's holder to finish, as a pool's end waits for its clients. */
  close(): Promise<void> {
    return this.session((pglite) => pglite.close());
  }
}

// The extended protocol takes one statement; migrations send several, without parameters.
async function run<Row>(target: PgliteLike, text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
  if (params && params.length > 0) return target.query<Row>(text, params);
  const results = await target.exec(text);
  return { rows: (results[results.length - 1]?.rows ?? []) as Row[] };
}
