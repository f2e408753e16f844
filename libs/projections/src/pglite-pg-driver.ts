import { EventEmitter } from 'node:events';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { PgliteDatabase } from '@fai/event-store';
import { Client } from 'pg';

type ConnectCallback = (error: Error | undefined, client?: Client, release?: () => void) => void;

/**
 * What TypeORM's postgres driver takes in place of the `pg` module (its `driver` option), over one
 * PgliteDatabase. A client is node-postgres's own `Client` on PGlite's node-postgres adapter, so
 * rows, type parsing (int8 and numeric as strings, timestamptz as Date, …) and errors are exactly
 * pg's. Each client holds the database's session from connect until release: a TypeORM transaction
 * (START TRANSACTION … COMMIT on one client) excludes every other user of PGlite until it ends, and
 * waits for theirs.
 */
export function pgliteDriver(database: PgliteDatabase): { Pool: new () => PgliteSessionPool } {
  return {
    Pool: class extends PgliteSessionPool {
      constructor() {
        super(database);
      }
    },
  };
}

/** The part of pg's `Pool` TypeORM uses: `on('error')`, `connect(callback)`, `end(callback)`. */
export class PgliteSessionPool extends EventEmitter {
  constructor(private readonly database: PgliteDatabase) {
    super();
  }

  connect(callback: ConnectCallback): void {
    let handedOver = false;
    this.database
      .session(async (pglite) => {
        const client = new Client(createPgConfig(pglite));
        // An error outside any query goes where pg-pool sends an idle client's: to the pool's listeners.
        client.on('error', (error) => this.emit('error', error));
        await client.connect();
        try {
          await new Promise<void>((released) => {
            handedOver = true;
            callback(undefined, client, () => released());
          });
        } finally {
          // Ending drains the client's queued protocol messages before the session passes on.
          await client.end();
        }
      })
      .catch((error: Error) => (handedOver ? this.emit('error', error) : callback(error)));
  }

  /** The session stays with the database, which its owner closes. */
  end(callback: (error?: Error) => void): void {
    callback();
  }
}
