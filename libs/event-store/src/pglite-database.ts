import { PGlite } from '@electric-sql/pglite';
import { runAfterCommit, type SqlDatabase, type SqlExecutor } from './sql';

interface PgliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(text: string): Promise<Array<{ rows: unknown[] }>>;
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly, in process) behind the store's `SqlDatabase`:
 * the embedded default for the one-command demo. A single connection, so transactions run
 * one at a time; the SQL is the same as on a real server.
 */
export class PgliteDatabase implements SqlDatabase {
  private constructor(readonly pglite: PGlite) {}

  /** `dataDir` undefined keeps everything in memory; a path persists it on disk. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const pglite = new PGlite(dataDir);
    await pglite.waitReady;
    return new PgliteDatabase(pglite);
  }

  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    return run<Row>(this.pglite as unknown as PgliteLike, text, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const committed: Array<() => void> = [];
    const result = await this.pglite.transaction((tx) =>
      work({
        query: (text, params) => run(tx as unknown as PgliteLike, text, params),
        afterCommit: (callback) => committed.push(callback),
      }),
    );
    runAfterCommit(committed);
    return result;
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.pglite.listen(channel, onNotify);
  }

  async notify(channel: string): Promise<void> {
    await this.pglite.query(`NOTIFY "${channel}"`);
  }

  close(): Promise<void> {
    return this.pglite.close();
  }
}

// The extended protocol takes one statement; migrations send several, without parameters.
async function run<Row>(target: PgliteLike, text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
  if (params && params.length > 0) return target.query<Row>(text, params);
  const results = await target.exec(text);
  return { rows: (results[results.length - 1]?.rows ?? []) as Row[] };
}
