import { Client, Pool, type PoolConfig } from 'pg';
import { runAfterCommit, type SqlDatabase, type SqlExecutor } from './sql';

/** node-postgres behind the store's `SqlDatabase`: a pool for queries, one client per LISTEN. */
export class PgDatabase implements SqlDatabase {
  readonly pool: Pool;
  private notifier: Promise<Client> | undefined;

  constructor(private readonly config: PoolConfig) {
    this.pool = new Pool(config);
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    return this.pool.query(text, params as unknown[]) as unknown as Promise<{ rows: Row[] }>;
  }

  queryPrepared<Row = Record<string, unknown>>(
    name: string,
    text: string,
    params: unknown[],
  ): Promise<{ rows: Row[] }> {
    return this.pool.query({ name, text, values: params }) as unknown as Promise<{ rows: Row[] }>;
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const committed: Array<() => void> = [];
    const result = await this.inTransaction(work, committed);
    runAfterCommit(committed);
    return result;
  }

  private async inTransaction<T>(
    work: (tx: SqlExecutor) => Promise<T>,
    committed: Array<() => void>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: (text, params) => client.query(text, params) as never,
        queryPrepared: (name, text, params) => client.query({ name, text, values: params }) as never,
        afterCommit: (callback) => committed.push(callback),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const client = new Client(this.config);
    client.on('error', () => undefined);
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    await client.query(`LISTEN "${channel}"`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }

  async notify(channel: string): Promise<void> {
    // A connection of its own: a busy pool would hold wake-ups back behind the appends they announce.
    this.notifier ??= this.connectNotifier();
    const client = await this.notifier;
    await client.query(`SET LOCAL synchronous_commit = off; NOTIFY "${channel}"`);
  }

  async close(): Promise<void> {
    const notifier = this.notifier;
    this.notifier = undefined;
    await notifier?.then((client) => client.end()).catch(() => undefined);
    await this.pool.end();
  }

  private async connectNotifier(): Promise<Client> {
    const client = new Client(this.config);
    client.on('error', () => {
      this.notifier = undefined;
    });
    await client.connect().catch((error: unknown) => {
      this.notifier = undefined;
      throw error;
    });
    return client;
  }
}
